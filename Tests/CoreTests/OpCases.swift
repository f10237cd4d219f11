import SwiftletCore

/// The Swift side of each case in `Fixtures/ops.json` (see make_fixtures.py):
/// the same computation, from float inputs `x` and index inputs `i`.
typealias OpCase = @Sendable (_ x: [Tensor<Double>], _ i: [Tensor<Int>]) -> Tensor<Double>

let opCases: [String: OpCase] = [
    // Arithmetic, broadcasting
    "add_bcast": { x, _ in x[0] + x[1] },
    "add_rank": { x, _ in x[0] + x[1] },
    "add_scalar_tensor": { x, _ in x[0] + x[1] },
    "sub_bcast": { x, _ in x[0] - x[1] },
    "mul_bcast": { x, _ in x[0] * x[1] },
    "mul_same": { x, _ in x[0] * x[1] },
    "div_bcast": { x, _ in x[0] / x[1] },
    "scalar_ops": { x, _ in
        let a = x[0]
        return (2.0 - a) * 3.0 + 1.0 / (a + 3.0) - a / 4.0 + (a - 0.5) * (0.5 + a)
    },
    "neg": { x, _ in -x[0] },

    // Elementwise
    "pow3": { x, _ in x[0].pow(3) },
    "pow_half": { x, _ in x[0].pow(0.5) },
    "pow_neg": { x, _ in x[0].pow(-1.5) },
    "square": { x, _ in x[0].square() },
    "sqrt": { x, _ in x[0].sqrt() },
    "exp": { x, _ in x[0].exp() },
    "log": { x, _ in x[0].log() },
    "abs": { x, _ in x[0].abs() },
    "tanh": { x, _ in x[0].tanh() },
    "relu": { x, _ in x[0].relu() },
    "sigmoid": { x, _ in x[0].sigmoid() },
    "softplus": { x, _ in x[0].softplus() },
    "clamp": { x, _ in x[0].clamped(min: -0.3, max: 0.4) },
    "clamp_min": { x, _ in x[0].clamped(min: 0.1) },
    "maximum_ties": { x, _ in maximum(x[0], x[1]) },
    "minimum_ties": { x, _ in minimum(x[0], x[1]) },
    "maximum": { x, _ in maximum(x[0], x[1]) },
    "minimum": { x, _ in minimum(x[0], x[1]) },
    "where": { x, _ in `where`(x[0] .> 0, x[0], x[1]) },

    // Matrix products
    "matmul_2d": { x, _ in x[0].matmul(x[1]) },
    "matmul_batched": { x, _ in x[0].matmul(x[1]) },
    "matmul_shared": { x, _ in x[0].matmul(x[1]) },
    "matmul_vec_mat": { x, _ in x[0].matmul(x[1]) },
    "matmul_mat_vec": { x, _ in x[0].matmul(x[1]) },
    "matmul_dot": { x, _ in x[0].matmul(x[1]) },
    "matmul_transposed": { x, _ in x[0].transposed().matmul(x[1].transposed()) },
    "linear": { x, _ in linear(x[0], weight: x[1], bias: x[2]) },
    "linear_nobias": { x, _ in linear(x[0], weight: x[1], bias: nil) },
    "linear_vec": { x, _ in linear(x[0], weight: x[1], bias: x[2]) },
    "linear_batched": { x, _ in linear(x[0], weight: x[1], bias: x[2]) },

    // Shapes
    "reshape": { x, _ in x[0].reshaped([4, -1]) * Tensor<Double>.arange(0, 6) },
    "permute": { x, _ in x[0].permuted([2, 0, 1]) },
    "transpose": { x, _ in x[0].transposed() },
    "unsqueeze_squeeze": { x, _ in x[0].squeezed(1).unsqueezed(0) * Tensor<Double>.arange(0, 4) },
    "expand": { x, _ in x[0].expanded(to: [2, 3, 4]) },
    "flatten": { x, _ in x[0].flattened(from: 1) },
    "narrow": { x, _ in x[0].narrowed(dim: 1, start: 1, length: 3) },
    "narrow_dim0": { x, _ in x[0].narrowed(dim: 0, start: 2, length: 2) },
    "rows": { x, _ in x[0][1..<4] },
    "row": { x, _ in x[0][2] },
    "concat": { x, _ in Tensor.concat([x[0], x[1], x[2]], dim: 1) },
    "concat_dim0": { x, _ in concat([x[0], x[1]], dim: 0) },
    "stack": { x, _ in Tensor.stack([x[0], x[1], x[2]], dim: 1) },
    "stack_last": { x, _ in stack([x[0], x[1]], dim: -1) },

    // Reductions
    "sum_all": { x, _ in x[0].sum() },
    "sum_dims_keep": { x, _ in x[0].sum(dims: [0, 2], keepdim: true) },
    "sum_dim": { x, _ in x[0].sum(dim: 1) },
    "mean_all": { x, _ in x[0].mean() },
    "mean_dim_keep": { x, _ in x[0].mean(dim: 1, keepdim: true) },
    "max_dim": { x, _ in x[0].max(dim: 1) },
    "max_dim_keep": { x, _ in x[0].max(dim: 1, keepdim: true) },
    "min_dim": { x, _ in x[0].min(dim: 0) },
    "min_dim_keep": { x, _ in x[0].min(dim: -1, keepdim: true) },
    "max_all": { x, _ in x[0].max() },
    "min_all": { x, _ in x[0].min() },
    "max_all_ties": { x, _ in x[0].max() },
    "min_all_ties": { x, _ in x[0].min() },
    "max_dim_ties": { x, _ in x[0].max(dim: 1) },
    "logsumexp": { x, _ in x[0].logSumExp(dim: 1) },
    "logsumexp_keep0": { x, _ in x[0].logSumExp(dim: 0, keepdim: true) },
    "logsumexp_large": { x, _ in x[0].logSumExp(dim: -1) },
    "softmax": { x, _ in x[0].softmax(dim: -1) },
    "softmax_dim0": { x, _ in x[0].softmax(dim: 0) },
    "softmax_large": { x, _ in x[0].softmax(dim: 1) },
    "log_softmax": { x, _ in x[0].logSoftmax(dim: 1) },
    "log_softmax_mid": { x, _ in x[0].logSoftmax(dim: 1) },
    "log_softmax_large": { x, _ in x[0].logSoftmax(dim: -1) },

    // Losses
    "mse": { x, _ in mseLoss(x[0], x[1]) },
    "mse_bcast": { x, _ in mseLoss(x[0], x[1].reshaped([4, 1])) },
    "smooth_l1": { x, _ in smoothL1Loss(x[0], x[1]) },
    "smooth_l1_beta": { x, _ in smoothL1Loss(x[0], x[1], beta: 0.5) },
    "huber": { x, _ in huberLoss(x[0], x[1]) },
    "huber_delta": { x, _ in huberLoss(x[0], x[1], delta: 2) },

    // Indexing
    "gather_q": { x, i in x[0].gathered(dim: 1, index: i[0]) },
    "gather_dim0": { x, i in x[0].gathered(dim: 0, index: i[0]) },
    "gather_3d": { x, i in x[0].gathered(dim: 1, index: i[0]) },
    "index_select": { x, i in x[0].indexSelect(dim: 0, index: i[0]) },
    "index_select_dim1": { x, i in x[0].indexSelect(dim: 1, index: i[0]) },

    // Non-contiguous inputs
    "nc_tanh_transposed": { x, _ in x[0].transposed().tanh() },
    "nc_softmax_permuted": { x, _ in x[0].permuted([1, 2, 0]).softmax(dim: 1) },
    "nc_mul_narrowed": { x, _ in x[0].narrowed(dim: 1, start: 2, length: 2) * x[1] },
    "nc_matmul_narrowed_t": { x, _ in x[0].narrowed(dim: 0, start: 1, length: 3).transposed().matmul(x[1]) },
    "nc_max_transposed": { x, _ in x[0].transposed().max(dim: 1) },
    "nc_logsumexp_permuted": { x, _ in x[0].permuted([2, 1, 0]).logSumExp(dim: 2, keepdim: true) },
    "composite_mlp": { x, _ in
        mseLoss(linear(linear(x[0], weight: x[1], bias: x[2]).tanh(), weight: x[3], bias: x[4]), x[5])
    },
]

/// Cases at a non-differentiable point on purpose (ties): PyTorch's choice of
/// subgradient is checked against the fixture, but finite differences cannot.
let nonDifferentiableCases: Set<String> = [
    "maximum_ties", "minimum_ties", "max_all_ties", "min_all_ties", "max_dim_ties",
]

/// Forward-only cases (integer results), checked in OpFixtureTests.
let forwardOnlyCases = ["argmax", "argmax_dim0_keep", "argmax_all", "one_hot"]
