using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;

namespace NetGen.Tests;

/// <summary>
/// The JIT compiles a method with MinOpts (4–9× slower, forever) above 20 000 IL instructions or 60 000 IL bytes
/// (docs/jit-and-simd.md). Every method of every generated test network stays well inside a budget below that.
/// </summary>
public class MethodSizeTests
{
    private const int MaxInstructions = 15_000;
    private const int MaxBytes = 45_000;

    private static readonly Dictionary<short, OpCode> s_opCodes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    public static TheoryData<string> NetworkTypes()
    {
        var data = new TheoryData<string>();
        foreach (var type in GeneratedNetworks())
        {
            data.Add(type.FullName!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NetworkTypes))]
    public void GeneratedMethods_StayUnderTheJitSizeLimits(string typeName)
    {
        var type = typeof(MethodSizeTests).Assembly.GetType(typeName)!;
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var methods = type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)).ToList();
        Assert.Contains(methods, m => m.Name == "__ng_Linear1"); // the check really sees the generated kernels

        foreach (var method in methods)
        {
            var il = method.GetMethodBody()?.GetILAsByteArray() ?? [];
            var instructions = CountInstructions(il);
            Assert.True(il.Length <= MaxBytes, $"{type.Name}.{method.Name}: {il.Length} IL bytes");
            Assert.True(instructions <= MaxInstructions, $"{type.Name}.{method.Name}: {instructions} IL instructions");
        }
    }

    [Fact]
    public void InstructionCounter_CountsOperandsCorrectly()
    {
        // ldc.i4 42 (5 bytes), ldc.i4.1 (1), add (1), ret (1): four instructions in eight bytes.
        byte[] il = [0x20, 42, 0, 0, 0, 0x17, 0x58, 0x2A];
        Assert.Equal(4, CountInstructions(il));
    }

    private static IEnumerable<Type> GeneratedNetworks() =>
        typeof(MethodSizeTests).Assembly.GetTypes()
            .Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(INetwork<>)))
            .Where(t => t.IsDefined(typeof(NetworkAttribute), inherit: false)) // declared, so generated (not a hand-written test double)
            .OrderBy(t => t.FullName, StringComparer.Ordinal);

    private static int CountInstructions(byte[] il)
    {
        var count = 0;
        for (var position = 0; position < il.Length; count++)
        {
            short value = il[position] == 0xFE ? (short)(0xFE00 | il[position + 1]) : il[position];
            var opCode = s_opCodes[value];
            position += opCode.Size + OperandSize(opCode, il, position + opCode.Size);
        }

        return count;
    }

    private static int OperandSize(OpCode opCode, byte[] il, int operandStart) => opCode.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, operandStart),
        _ => 4,
    };
}
