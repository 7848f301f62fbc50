"""Check the fixtures made by make_fixtures.py with an independent safetensors reader.

For every .safetensors file: parse the header, check the offsets are contiguous, in bounds and match dtype x shape,
reload the tensors into a fresh nn.Sequential (built here, not imported from make_fixtures.py) with
load_state_dict(strict=True), and check the eval-mode outputs reproduce expected.json: exactly for the F64 / F32
files (and exactly for the F16 / BF16 files, whose expected outputs come from the rounded tensors as float32),
and `outputs_float64` exactly from the same weights in float64.

Run: /usr/bin/python3 verify_fixtures.py   (needs python3-torch and python3-numpy)
"""

import json
import os
import struct

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
torch.set_num_threads(1)

SIZES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8}


def read_safetensors(path):
    raw = open(path, "rb").read()
    (n,) = struct.unpack_from("<Q", raw, 0)
    assert (8 + n) % 8 == 0, "header not padded to a multiple of 8"
    text = raw[8:8 + n].decode("utf-8")
    assert text == text.rstrip(" ") + " " * (len(text) - len(text.rstrip(" ")))
    header = json.loads(text)
    meta = header.pop("__metadata__", {})
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in meta.items())
    data = raw[8 + n:]
    spans = sorted((v["data_offsets"][0], v["data_offsets"][1], k) for k, v in header.items())
    pos = 0
    for begin, end, k in spans:
        assert begin == pos, f"{k}: hole or overlap at {begin} (expected {pos})"
        pos = end
    assert pos == len(data), f"data buffer is {len(data)} bytes, tensors cover {pos}"
    tensors = {}
    for k, v in header.items():
        begin, end = v["data_offsets"]
        count = int(np.prod(v["shape"], dtype=np.int64))
        assert end - begin == count * SIZES[v["dtype"]], f"{k}: size mismatch"
        buf = data[begin:end]
        if v["dtype"] == "BF16":
            bits = np.frombuffer(buf, dtype="<u2").astype(np.uint32) << 16
            arr = bits.view(np.float32)
        else:
            arr = np.frombuffer(buf, dtype={"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8"}[v["dtype"]])
        tensors[k] = (v["dtype"], torch.from_numpy(arr.copy()).reshape(v["shape"]))
    return meta, header, tensors


def mixed_double():
    return nn.Sequential(nn.Linear(5, 8), nn.BatchNorm1d(8), nn.Tanh(), nn.Linear(8, 6, bias=False),
                         nn.PReLU(6), nn.Dropout(0.2), nn.Linear(6, 7), nn.GELU(), nn.Linear(7, 4), nn.ELU(),
                         nn.Linear(4, 3), nn.Softmax(dim=1))


def mixed_float():
    return nn.Sequential(nn.Linear(4, 10), nn.SELU(), nn.Linear(10, 6), nn.BatchNorm1d(6), nn.LeakyReLU(0.2),
                         nn.Linear(6, 5), nn.PReLU(1), nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 2), nn.Sigmoid())


def main():
    expected = json.load(open(os.path.join(HERE, "expected.json")))
    for file, e in expected["files"].items():
        path = os.path.join(HERE, file)
        meta, header, tensors = read_safetensors(path)
        assert list(e["keys"]) == sorted(e["keys"], key=list(e["keys"]).index)
        assert set(tensors) == set(e["keys"]), file
        for k, (dt, t) in tensors.items():
            assert list(t.shape) == e["shapes"][k] and dt == e["dtypes"][k], (file, k)
        dtype = torch.float64 if e["dtypes"]["0.weight"] == "F64" else torch.float32
        model = (mixed_double if e["network"] == "mixed_double" else mixed_float)().to(dtype)
        state = {k: (t.to(dtype) if t.is_floating_point() else t) for k, (dt, t) in tensors.items()}
        model.load_state_dict(state, strict=True)
        model.eval()
        with torch.no_grad():
            out = model(torch.tensor(e["inputs"], dtype=dtype)).to(torch.float64).tolist()
        assert out == e["outputs"], f"{file}: outputs differ"
        if "outputs_float64" in e:
            m64 = model.double()
            with torch.no_grad():
                out64 = m64(torch.tensor(e["inputs"], dtype=torch.float64)).tolist()
            assert out64 == e["outputs_float64"], f"{file}: float64 outputs differ"
            worst = max(abs(a - b) for ra, rb in zip(out64, e["outputs"]) for a, b in zip(ra, rb))
        else:
            worst = 0.0
        nbt = [int(t) for k, (dt, t) in tensors.items() if k.endswith("num_batches_tracked")]
        print(f"{file}: {os.path.getsize(path)} bytes, {len(tensors)} tensors, header {struct.unpack_from('<Q', open(path, 'rb').read(8))[0]} bytes, "
              f"num_batches_tracked {nbt}, max|out| {max(abs(v) for r in out for v in r):.6g}, "
              f"max|f32 - f64 out| {worst:.3g}: OK")
    print("all fixtures OK, torch", torch.__version__)


if __name__ == "__main__":
    main()
