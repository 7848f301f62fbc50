"""Make the PyTorch fixtures that check NetGen's PyTorch (safetensors) import.

What it makes, next to this script:

  mixed_double.safetensors       state_dict of the `mixed_double` network (torch.float64, F64 tensors)
  mixed_float.safetensors        state_dict of the `mixed_float` network (torch.float32, F32 tensors)
  mixed_float.f16.safetensors    the same state_dict with every floating tensor rounded to F16
  mixed_float.bf16.safetensors   the same state_dict with every floating tensor rounded to BF16
  expected.json                  per file: test inputs, PyTorch's eval-mode outputs, state_dict keys and shapes

In every file `{index}.num_batches_tracked` stays an I64 scalar. The safetensors files are written by this
script itself (the format is small; no safetensors package is needed): an 8-byte little-endian header length N,
N bytes of UTF-8 JSON header padded with spaces so 8 + N is a multiple of 8, then the packed little-endian
row-major tensor data. Tensors are laid out in the data buffer by element size (largest first) and then in
state_dict order, as the safetensors library does, so the buffer order is not the state_dict order.

For the F16 / BF16 files the expected outputs come from a float32 model loaded with the rounded tensors converted
back to float32, so they correspond to exactly what the file holds.

How to run it (Debian 12; PyPI not needed):

    apt-get install python3-torch python3-numpy
    /usr/bin/python3 make_fixtures.py

The script is deterministic: running it again writes byte-identical files. verify_fixtures.py re-reads them with an
independent reader and checks them against expected.json.
"""

import json
import os
import re
import struct

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)


# --------------------------------------------------------------------------------------------------------------
# The two networks (NetGen's convention: Linear, [BatchNorm1d], [activation], [Dropout] for each declared layer).
# --------------------------------------------------------------------------------------------------------------

def build_mixed_double():
    return nn.Sequential(
        nn.Linear(5, 8),                                   # 0
        nn.BatchNorm1d(8, eps=1e-5, momentum=0.1),         # 1
        nn.Tanh(),                                         # 2
        nn.Linear(8, 6, bias=False),                       # 3
        nn.PReLU(num_parameters=6, init=0.25),             # 4
        nn.Dropout(0.2),                                   # 5
        nn.Linear(6, 7),                                   # 6
        nn.GELU(),                                         # 7  (exact erf form)
        nn.Linear(7, 4),                                   # 8
        nn.ELU(),                                          # 9  (alpha 1)
        nn.Linear(4, 3),                                   # 10
        nn.Softmax(dim=1),                                 # 11
    )


def build_mixed_float():
    return nn.Sequential(
        nn.Linear(4, 10),                                  # 0
        nn.SELU(),                                         # 1
        nn.Linear(10, 6),                                  # 2
        nn.BatchNorm1d(6, eps=1e-5, momentum=0.1),         # 3
        nn.LeakyReLU(0.2),                                 # 4
        nn.Linear(6, 5),                                   # 5
        nn.PReLU(num_parameters=1, init=0.25),             # 6
        nn.Linear(5, 4),                                   # 7
        nn.ReLU(),                                         # 8
        nn.Linear(4, 2),                                   # 9
        nn.Sigmoid(),                                      # 10
    )


# Six test inputs per network: dyadic values (exact in float16, bfloat16, float32 and float64) in [-7, 7], chosen
# greedily from a seeded pool of candidate rows so that, across the six rows, as many (activation, unit, sign) cases
# as possible are exercised (every activation except Softmax sees both signs overall; check_branches asserts it).
# expected.json records the (covered, total) count of those cases; with these seeds all of them are covered.

ACTIVATIONS = (nn.Tanh, nn.PReLU, nn.GELU, nn.ELU, nn.SELU, nn.LeakyReLU, nn.ReLU, nn.Sigmoid)


def activation_inputs(model, x):
    seen = {}

    def hook(index):
        def f(_m, args, _out):
            seen[index] = args[0]
        return f

    handles = [m.register_forward_hook(hook(i)) for i, m in enumerate(model) if isinstance(m, ACTIVATIONS)]
    with torch.no_grad():
        model(x)
    for h in handles:
        h.remove()
    return seen


def choose_inputs(model, n_in, dtype, seed, count=6, pool=4000):
    g = torch.Generator().manual_seed(seed + 3)
    cand = torch.clamp(torch.round(torch.randn(pool, n_in, generator=g, dtype=torch.float64) * 2.5 * 4) / 4, -7, 7)
    seen = activation_inputs(model, cand.to(dtype))
    # cover[r] = set of (module, column, sign) that candidate row r exercises
    signs = torch.cat([torch.cat([(x < 0), (x > 0)], dim=1) for _, x in sorted(seen.items())], dim=1)
    covered = torch.zeros(signs.shape[1], dtype=torch.bool)
    chosen = []
    for _ in range(count):
        gain = (signs & ~covered).sum(1)
        # prefer larger inputs on ties, so some rows are large-ish
        score = gain.to(torch.float64) * 1000 + cand.abs().max(1).values
        if chosen:
            score[chosen] = -1
        r = int(torch.argmax(score))
        chosen.append(r)
        covered |= signs[r]
    return [[float(v) for v in cand[r]] for r in chosen], int(covered.sum()), covered.numel()


def train(model, n_in, n_out, dtype, seed):
    """A few Adam steps on random data (train mode), so weights, slopes and BN statistics are all non-trivial."""
    g = torch.Generator().manual_seed(seed + 1)
    x = torch.randn(64, n_in, generator=g, dtype=dtype) * 2.0 + 0.5
    y = torch.rand(64, n_out, generator=g, dtype=dtype)
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    model.train()
    for step in range(20):
        batch = x[(step * 16) % 64:(step * 16) % 64 + 16]
        target = y[(step * 16) % 64:(step * 16) % 64 + 16]
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(batch), target)
        loss.backward()
        opt.step()


def push_away(model, seed):
    """Move BN weight/bias clearly away from 1/0, give every PReLU slope a distinct value away from 0.25, and scale
    the weights of every Linear after the first by 2 so the hidden activations reach well into both branches and
    the Softmax / Sigmoid outputs spread over their range instead of sitting near 1/3 and 1/2."""
    g = torch.Generator().manual_seed(seed + 2)
    with torch.no_grad():
        linears = [m for m in model if isinstance(m, nn.Linear)]
        for m in linears[1:]:
            m.weight.mul_(2.0)
        for m in model:
            if isinstance(m, nn.BatchNorm1d):
                n = m.num_features
                m.weight.add_((torch.rand(n, generator=g, dtype=torch.float64) * 0.8 - 0.4).to(m.weight.dtype))
                m.bias.add_((torch.randn(n, generator=g, dtype=torch.float64) * 0.5).to(m.bias.dtype))
            if isinstance(m, nn.PReLU):
                n = m.weight.numel()
                m.weight.add_((torch.linspace(-0.2, 0.3, n, dtype=torch.float64)
                               + torch.rand(n, generator=g, dtype=torch.float64) * 0.05).to(m.weight.dtype))


def make_model(builder, n_in, n_out, dtype, seed):
    torch.manual_seed(seed)
    model = builder().to(dtype)
    train(model, n_in, n_out, dtype, seed)
    push_away(model, seed)
    model.eval()
    return model


# --------------------------------------------------------------------------------------------------------------
# safetensors writer
# --------------------------------------------------------------------------------------------------------------

DTYPE_NAMES = {torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
               torch.int64: "I64"}


def tensor_bytes(t):
    t = t.detach().contiguous().cpu()
    if t.dtype == torch.bfloat16:
        arr = t.view(torch.int16).numpy().astype("<i2")
    else:
        arr = t.numpy()
        arr = arr.astype(arr.dtype.newbyteorder("<"))
    return arr.tobytes(order="C")


def write_safetensors(path, state, metadata):
    names = list(state.keys())
    order = sorted(range(len(names)), key=lambda i: (-state[names[i]].element_size(), i))
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for i in order:
        name = names[i]
        t = state[name]
        data = tensor_bytes(t)
        assert len(data) == t.numel() * t.element_size()
        header[name] = {"dtype": DTYPE_NAMES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - (8 + len(text)) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def convert_state(state, dtype):
    return {k: (v.to(dtype) if v.is_floating_point() else v.clone()) for k, v in state.items()}


def rows(t):
    return [[float(v) for v in row] for row in t.detach().to(torch.float64).tolist()]


def run(model, inputs, dtype):
    with torch.no_grad():
        return model(torch.tensor(inputs, dtype=dtype))


def check_branches(model, inputs, dtype, name):
    """Every activation (bar Softmax) must see both negative and positive inputs across the test rows."""
    seen = activation_inputs(model, torch.tensor(inputs, dtype=dtype))
    for i, x in seen.items():
        assert (x < 0).any() and (x > 0).any(), f"{name}: module {i} does not see both signs"
        if os.environ.get("VERBOSE"):
            both = ((x < 0).any(0) & (x > 0).any(0)).tolist()
            print(f"{name} module {i}: units with both signs {sum(both)}/{len(both)}, "
                  f"input range [{x.min().item():.3g}, {x.max().item():.3g}]")


def describe(model):
    return [f"{i} {m!r}" for i, m in enumerate(model)]


def main():
    expected = {"torch_version": torch.__version__,
                "made_by": "make_fixtures.py (PyTorch, Debian 12 python3-torch)",
                "files": {}}

    def entry(file, network, model, inputs, dtype, state, extra=None):
        e = {"network": network, "modules": describe(model),
             "keys": list(state.keys()),
             "shapes": {k: list(v.shape) for k, v in state.items()},
             "dtypes": {k: DTYPE_NAMES[v.dtype] for k, v in state.items()},
             "inputs": [[float(v) for v in r] for r in inputs],
             "outputs": rows(run(model, inputs, dtype))}
        if extra:
            e.update(extra)
        expected["files"][file] = e

    # mixed_double
    md = make_model(build_mixed_double, 5, 3, torch.float64, seed=20261204)
    inputs_double, cov, tot = choose_inputs(md, 5, torch.float64, seed=20261204)
    check_branches(md, inputs_double, torch.float64, "mixed_double")
    sd = md.state_dict()
    meta = {"format": "pt", "network": "mixed_double", "generator": "make_fixtures.py",
            "torch_version": torch.__version__}
    write_safetensors(os.path.join(HERE, "mixed_double.safetensors"), sd, meta)
    entry("mixed_double.safetensors", "mixed_double", md, inputs_double, torch.float64, sd,
          {"activation_sign_cases_covered": [cov, tot]})

    # mixed_float (+ F16 / BF16 copies)
    mf = make_model(build_mixed_float, 4, 2, torch.float32, seed=20261205)
    inputs_float, cov, tot = choose_inputs(mf, 4, torch.float32, seed=20261205)
    check_branches(mf, inputs_float, torch.float32, "mixed_float")
    sf = mf.state_dict()
    for suffix, dtype in (("", torch.float32), (".f16", torch.float16), (".bf16", torch.bfloat16)):
        file = f"mixed_float{suffix}.safetensors"
        stored = convert_state(sf, dtype)
        meta = {"format": "pt", "network": "mixed_float", "generator": "make_fixtures.py",
                "torch_version": torch.__version__}
        write_safetensors(os.path.join(HERE, file), stored, meta)
        # The reference model holds exactly what the file holds, as float32.
        ref = build_mixed_float().to(torch.float32)
        ref.load_state_dict(convert_state(stored, torch.float32), strict=True)
        ref.eval()
        ref64 = build_mixed_float().to(torch.float64)
        ref64.load_state_dict(convert_state(stored, torch.float64), strict=True)
        ref64.eval()
        entry(file, "mixed_float", ref, inputs_float, torch.float32, stored,
              {"outputs_float64": rows(run(ref64, inputs_float, torch.float64)),
               "activation_sign_cases_covered": [cov, tot]})

    # json.dumps writes each float with repr (round-trip exact); innermost lists are put on one line for reading.
    text = json.dumps(expected, indent=1)
    text = re.sub(r"\[\s*([^\[\]{}]*?)\s*\]", lambda m: "[" + re.sub(r",\s+", ", ", m.group(1)) + "]", text)
    assert json.loads(text) == expected
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    main()
