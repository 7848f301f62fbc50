namespace NetGen.Runtime.Tests;
