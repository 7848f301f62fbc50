using System.Collections.Generic;
using Google.Protobuf;

namespace NetGen.Onnx.Tests;

/// <summary>
/// Reads back the parts of an ONNX file the tests check, with Google.Protobuf's CodedInputStream and onnx.proto's field
/// numbers, independently of the exporter's writer.
/// </summary>
internal sealed class OnnxReader
{
    public long IrVersion { get; private set; }

    public List<(string Domain, long Version)> Opsets { get; } = new();

    public string ProducerName { get; private set; } = "";

    public string DocString { get; private set; } = "";

    public List<Initializer> Initializers { get; } = new();

    public List<(string OpType, string Name)> Nodes { get; } = new();

    public sealed record Initializer(string Name, int DataType, List<long> Dims, byte[] RawData);

    public static OnnxReader Read(byte[] model)
    {
        var reader = new OnnxReader();
        var input = new CodedInputStream(model);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: reader.IrVersion = input.ReadInt64(); break;            // ModelProto.ir_version
                case 2: reader.ProducerName = input.ReadString(); break;        // ModelProto.producer_name
                case 6: reader.DocString = input.ReadString(); break;           // ModelProto.doc_string
                case 7: reader.ReadGraph(input.ReadBytes()); break;             // ModelProto.graph
                case 8: reader.Opsets.Add(ReadOpset(input.ReadBytes())); break; // ModelProto.opset_import
                default: input.SkipLastField(); break;
            }
        }

        return reader;
    }

    private static (string, long) ReadOpset(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        var domain = "";
        long version = 0;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: domain = input.ReadString(); break;
                case 2: version = input.ReadInt64(); break;
                default: input.SkipLastField(); break;
            }
        }

        return (domain, version);
    }

    private void ReadGraph(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: Nodes.Add(ReadNode(input.ReadBytes())); break;          // GraphProto.node
                case 5: Initializers.Add(ReadTensor(input.ReadBytes())); break; // GraphProto.initializer
                default: input.SkipLastField(); break;
            }
        }
    }

    private static (string, string) ReadNode(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        string opType = "", name = "";
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 3: name = input.ReadString(); break;
                case 4: opType = input.ReadString(); break;
                default: input.SkipLastField(); break;
            }
        }

        return (opType, name);
    }

    private static Initializer ReadTensor(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        var dims = new List<long>();
        var name = "";
        var dataType = 0;
        var raw = System.Array.Empty<byte>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: dims.Add(input.ReadInt64()); break;          // TensorProto.dims
                case 2: dataType = input.ReadInt32(); break;         // TensorProto.data_type
                case 8: name = input.ReadString(); break;            // TensorProto.name
                case 9: raw = input.ReadBytes().ToByteArray(); break; // TensorProto.raw_data
                default: input.SkipLastField(); break;
            }
        }

        return new Initializer(name, dataType, dims, raw);
    }
}
