using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using Google.Protobuf;

namespace NetGen.Onnx;

// The few ONNX messages the exporter writes, encoded with Google.Protobuf's CodedOutputStream. Field numbers are those
// of onnx/onnx.proto (proto2; https://github.com/onnx/onnx/blob/main/onnx/onnx.proto), cited beside each write.
// Nothing here reads ONNX; the schema itself is not copied.

/// <summary>ONNX's <c>TensorProto.DataType</c> values the exporter uses.</summary>
internal enum OnnxDataType
{
    /// <summary><c>FLOAT = 1</c>.</summary>
    Float = 1,

    /// <summary><c>INT64 = 7</c>.</summary>
    Int64 = 7,

    /// <summary><c>DOUBLE = 11</c>.</summary>
    Double = 11,
}

/// <summary>A <c>TensorProto</c> with its values in <c>raw_data</c> (little-endian, IEEE 754).</summary>
internal sealed record OnnxTensor(string Name, OnnxDataType DataType, long[] Dims, byte[] RawData)
{
    /// <summary>A float or double tensor of <paramref name="values"/>, rounded once to the tensor's type.</summary>
    public static OnnxTensor Of(string name, OnnxDataType dataType, long[] dims, ReadOnlySpan<double> values)
    {
        var size = dataType == OnnxDataType.Float ? sizeof(float) : sizeof(double);
        var raw = new byte[values.Length * size];
        for (var index = 0; index < values.Length; index++)
        {
            if (dataType == OnnxDataType.Float)
            {
                BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(index * size), (float)values[index]);
            }
            else
            {
                BinaryPrimitives.WriteDoubleLittleEndian(raw.AsSpan(index * size), values[index]);
            }
        }

        return new OnnxTensor(name, dataType, dims, raw);
    }
}

/// <summary>An <c>AttributeProto</c> of type FLOAT, INT or STRING.</summary>
internal sealed record OnnxAttribute(string Name, float? Float = null, long? Int = null, string? Text = null);

/// <summary>A <c>NodeProto</c> of the default (ai.onnx) domain.</summary>
internal sealed record OnnxNode(string OpType, string Name, string[] Inputs, string[] Outputs, OnnxAttribute[] Attributes);

/// <summary>A dimension of a <c>TensorShapeProto</c>: a fixed size, or a symbolic name (<c>dim_param</c>) when <paramref name="Param"/> is set.</summary>
internal readonly record struct OnnxDim(long Value, string? Param = null);

/// <summary>A <c>ValueInfoProto</c> of a tensor type.</summary>
internal sealed record OnnxValueInfo(string Name, OnnxDataType ElementType, OnnxDim[] Dims);

/// <summary>A <c>GraphProto</c>.</summary>
internal sealed record OnnxGraph(
    string Name,
    string DocString,
    IReadOnlyList<OnnxNode> Nodes,
    IReadOnlyList<OnnxTensor> Initializers,
    IReadOnlyList<OnnxValueInfo> Inputs,
    IReadOnlyList<OnnxValueInfo> Outputs);

/// <summary>A <c>ModelProto</c> importing one opset of the default domain.</summary>
internal sealed record OnnxModel(long IrVersion, long Opset, string ProducerName, string ProducerVersion, string DocString, OnnxGraph Graph);

/// <summary>Encodes the ONNX messages above in protobuf's wire format.</summary>
internal static class OnnxProto
{
    /// <summary>The encoded <c>ModelProto</c>: the whole contents of a <c>.onnx</c> file.</summary>
    public static byte[] Encode(OnnxModel model) => Message(output =>
    {
        Int64(output, 1, model.IrVersion);                      // ModelProto.ir_version = 1
        String(output, 2, model.ProducerName);                  // ModelProto.producer_name = 2
        String(output, 3, model.ProducerVersion);               // ModelProto.producer_version = 3
        String(output, 6, model.DocString);                     // ModelProto.doc_string = 6
        Nested(output, 7, Graph(model.Graph));                  // ModelProto.graph = 7
        Nested(output, 8, Message(opset =>                      // ModelProto.opset_import = 8
        {
            String(opset, 1, "");                               // OperatorSetIdProto.domain = 1 ("" is ai.onnx)
            Int64(opset, 2, model.Opset);                       // OperatorSetIdProto.version = 2
        }));
    });

    private static byte[] Graph(OnnxGraph graph) => Message(output =>
    {
        foreach (var node in graph.Nodes)
        {
            Nested(output, 1, Node(node));                      // GraphProto.node = 1
        }

        String(output, 2, graph.Name);                          // GraphProto.name = 2
        foreach (var tensor in graph.Initializers)
        {
            Nested(output, 5, Tensor(tensor));                  // GraphProto.initializer = 5
        }

        String(output, 10, graph.DocString);                    // GraphProto.doc_string = 10
        foreach (var input in graph.Inputs)
        {
            Nested(output, 11, ValueInfo(input));               // GraphProto.input = 11
        }

        foreach (var result in graph.Outputs)
        {
            Nested(output, 12, ValueInfo(result));              // GraphProto.output = 12
        }
    });

    private static byte[] Node(OnnxNode node) => Message(output =>
    {
        foreach (var input in node.Inputs)
        {
            String(output, 1, input);                           // NodeProto.input = 1
        }

        foreach (var result in node.Outputs)
        {
            String(output, 2, result);                          // NodeProto.output = 2
        }

        String(output, 3, node.Name);                           // NodeProto.name = 3
        String(output, 4, node.OpType);                         // NodeProto.op_type = 4
        foreach (var attribute in node.Attributes)
        {
            Nested(output, 5, Attribute(attribute));            // NodeProto.attribute = 5
        }
    });

    private static byte[] Attribute(OnnxAttribute attribute) => Message(output =>
    {
        String(output, 1, attribute.Name);                      // AttributeProto.name = 1
        if (attribute.Float is { } f)
        {
            output.WriteTag(2, WireFormat.WireType.Fixed32);    // AttributeProto.f = 2
            output.WriteFloat(f);
            Int64(output, 20, 1);                               // AttributeProto.type = 20: FLOAT = 1
        }
        else if (attribute.Int is { } i)
        {
            Int64(output, 3, i);                                // AttributeProto.i = 3
            Int64(output, 20, 2);                               // AttributeProto.type = 20: INT = 2
        }
        else
        {
            String(output, 4, attribute.Text ?? "");            // AttributeProto.s = 4 (bytes, UTF-8)
            Int64(output, 20, 3);                               // AttributeProto.type = 20: STRING = 3
        }
    });

    private static byte[] Tensor(OnnxTensor tensor) => Message(output =>
    {
        foreach (var dim in tensor.Dims)
        {
            Int64(output, 1, dim);                              // TensorProto.dims = 1 (repeated int64, unpacked as proto2 declares it)
        }

        Int64(output, 2, (long)tensor.DataType);                // TensorProto.data_type = 2
        String(output, 8, tensor.Name);                         // TensorProto.name = 8
        output.WriteTag(9, WireFormat.WireType.LengthDelimited); // TensorProto.raw_data = 9
        output.WriteBytes(UnsafeByteOperations.UnsafeWrap(tensor.RawData));
    });

    private static byte[] ValueInfo(OnnxValueInfo value) => Message(output =>
    {
        String(output, 1, value.Name);                          // ValueInfoProto.name = 1
        Nested(output, 2, Message(type =>                       // ValueInfoProto.type = 2
        {
            Nested(type, 1, Message(tensor =>                   // TypeProto.tensor_type = 1 (oneof value)
            {
                Int64(tensor, 1, (long)value.ElementType);      // TypeProto.Tensor.elem_type = 1
                Nested(tensor, 2, Message(shape =>              // TypeProto.Tensor.shape = 2
                {
                    foreach (var dim in value.Dims)
                    {
                        Nested(shape, 1, Message(dimension =>   // TensorShapeProto.dim = 1
                        {
                            if (dim.Param is { } symbol)
                            {
                                String(dimension, 2, symbol);   // TensorShapeProto.Dimension.dim_param = 2
                            }
                            else
                            {
                                Int64(dimension, 1, dim.Value); // TensorShapeProto.Dimension.dim_value = 1
                            }
                        }));
                    }
                }));
            }));
        }));
    });

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            write(output);
        }

        return buffer.ToArray();
    }

    private static void Nested(CodedOutputStream output, int field, byte[] message)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(UnsafeByteOperations.UnsafeWrap(message));
    }

    private static void String(CodedOutputStream output, int field, string value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
    }

    private static void Int64(CodedOutputStream output, int field, long value)
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt64(value);
    }
}
