using NetGen.Tuning.Storage;

namespace NetGen.Tuning.Tests.Storage;

/// <summary>The storage contract against the in-memory storage, the default of a study.</summary>
public sealed class InMemoryStudyStorageContractTests : StudyStorageContractTests
{
    protected override IStudyStorage CreateStorage() => new InMemoryStudyStorage();
}
