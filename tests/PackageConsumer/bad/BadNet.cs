using NetGen;

// Inputs = 0 is reported as error NG0002 on the argument, and the build fails.
[Network(Inputs = 0)]
[Layer(3, Activation.Softmax)]
public partial class BadNet
{
}
