using System.Reflection;
using System.Reflection.Emit;

namespace LinkWorker.Architecture.Tests.Rules;

/// <summary>
/// Walks a method body's IL and yields the metadata tokens of the members and types it uses (call, callvirt,
/// newobj, ldfld, stfld, ldtoken, castclass, isinst…). Operand sizes come from System.Reflection.Emit.OpCodes, so
/// every instruction is stepped over exactly; an unknown opcode is an error rather than a silent skip.
/// </summary>
internal static class IlReader
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(OpCode))
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    public static IEnumerable<(OpCode OpCode, int Token)> MemberTokens(byte[] il)
    {
        var offset = 0;
        while (offset < il.Length)
        {
            var start = offset;
            short value = il[offset++];
            if (value == 0xFE)
            {
                value = unchecked((short)(0xFE00 | il[offset++]));
            }

            if (!OpCodesByValue.TryGetValue(value, out var opCode))
            {
                throw new InvalidOperationException($"Unknown IL opcode 0x{value:X4} at offset {start}.");
            }

            switch (opCode.OperandType)
            {
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineTok:
                case OperandType.InlineType:
                    yield return (opCode, BitConverter.ToInt32(il, offset));
                    offset += 4;
                    break;
                case OperandType.InlineSwitch:
                    var targets = BitConverter.ToInt32(il, offset);
                    offset += 4 + (4 * targets);
                    break;
                default:
                    offset += OperandSize(opCode.OperandType);
                    break;
            }
        }
    }

    private static int OperandSize(OperandType operandType) => operandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineBrTarget or OperandType.InlineI or OperandType.InlineSig or OperandType.InlineString
            or OperandType.ShortInlineR => 4,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => throw new InvalidOperationException($"Unexpected IL operand type {operandType}."),
    };
}
