// Benchmark group `core`: per-op overhead, a small MLP training step, the
// batch-1 rollout forward, and matmul throughput against raw OpenBLAS.
// Peer figures come from Benchmarks/peers/core_peer.py (PyTorch, 1 thread).
import CBLAS
import Foundation
import SwiftletCore

/// The benchmark MLP `in → hidden → hidden → out` with tanh, as raw tensors.
struct CoreBenchMLP {
    var w1, b1, w2, b2, w3, b3: Tensor<Float>

    init(inputs: Int, hidden: Int, outputs: Int, seed: UInt64) {
        var g = PCG64(seed: seed)
        func layer(_ o: Int, _ i: Int) -> (Tensor<Float>, Tensor<Float>) {
            let bound = Float(1 / Double(i).squareRoot())
            return (Tensor.uniform([o, i], low: -bound, high: bound, generator: &g).requiringGrad(),
                    Tensor.uniform([o], low: -bound, high: bound, generator: &g).requiringGrad())
        }
        (w1, b1) = layer(hidden, inputs)
        (w2, b2) = layer(hidden, hidden)
        (w3, b3) = layer(outputs, hidden)
    }

    @inline(__always)
    func forward(_ x: Tensor<Float>) -> Tensor<Float> {
        let h1 = linear(x, weight: w1, bias: b1).tanh()
        let h2 = linear(h1, weight: w2, bias: b2).tanh()
        return linear(h2, weight: w3, bias: b3)
    }

    /// Forward, MSE, backward, and a plain SGD update in place.
    @inline(__always)
    mutating func step(_ x: Tensor<Float>, _ y: Tensor<Float>, lr: Float) {
        let loss = mseLoss(forward(x), y)
        loss.backward()
        func update(_ p: inout Tensor<Float>) {
            guard let g = p.grad else { return }
            g.withUnsafeBufferPointer { gp in
                p.withUnsafeMutableBufferPointer { pp in
                    for i in 0..<pp.count { pp[i] -= lr * gp[i] }
                }
            }
            p.zeroGrad()
        }
        update(&w1); update(&b1); update(&w2); update(&b2); update(&w3); update(&b3)
    }

    /// Multiply-adds ×2 of one forward pass per sample.
    static func forwardFLOPs(inputs: Int, hidden: Int, outputs: Int) -> Double {
        Double(2 * (inputs * hidden + hidden * hidden + hidden * outputs))
    }
}

func runCoreBenchmarks(peers: [String: Double]) {
    let group = "core"
    // SWIFTLET_BENCH_ONLY=add,mlp,forward,matmul limits the sections (for profiling).
    let only = ProcessInfo.processInfo.environment["SWIFTLET_BENCH_ONLY"].map { Set($0.split(separator: ",").map(String.init)) }
    func enabled(_ section: String) -> Bool { only?.contains(section) ?? true }
    func emit(_ figure: String, _ unit: String, _ value: Double, lowerIsBetter: Bool = true,
              peer: Double? = nil, peerName: String? = nil) {
        let p = peer ?? peers[figure]
        let name = peerName ?? (p != nil ? "pytorch" : nil)
        print(Figure(group: group, figure: figure, unit: unit, swiftlet: value, peer: p, peerName: name,
                     lowerIsBetter: lowerIsBetter).jsonLine)
    }

    // Per-op overhead: a + b, without and with gradient recording.
    for (label, shape) in [("1", [1]), ("64x64", [64, 64])] where enabled("add") {
        var g = PCG64(seed: 1)
        let a = Tensor<Float>.uniform(shape, generator: &g), b = Tensor<Float>.uniform(shape, generator: &g)
        let iterations = shape == [1] ? 200_000 : 50_000
        let plain = measureNanoseconds("add_\(label)_nograd", iterations: iterations) { blackHole(a + b) }
        emit("add_\(label)_nograd", "ns", plain)
        let ra = a.requiringGrad(), rb = b.requiringGrad()
        let recorded = measureNanoseconds("add_\(label)_recorded", iterations: iterations) { blackHole(ra + rb) }
        emit("add_\(label)_recorded", "ns", recorded)
    }

    // MLP training step: forward + MSE + backward + SGD.
    for (label, batch, hidden) in [("b64", 64, 64), ("b256", 256, 64), ("h256_b64", 64, 256)] where enabled("mlp") {
        var mlp = CoreBenchMLP(inputs: 4, hidden: hidden, outputs: 2, seed: 2)
        var g = PCG64(seed: 3)
        let x = Tensor<Float>.normal([batch, 4], generator: &g), y = Tensor<Float>.normal([batch, 2], generator: &g)
        let iterations = hidden == 256 ? 400 : (batch == 256 ? 800 : 3000)
        let ns = measureNanoseconds("mlp_\(label)_step", iterations: iterations) { mlp.step(x, y, lr: 1e-4) }
        emit("mlp_\(label)_step", "us", ns / 1000)
        // The arithmetic limit: forward + backward ≈ 3× forward FLOPs at 100 GFLOP/s.
        let flops = 3 * CoreBenchMLP.forwardFLOPs(inputs: 4, hidden: hidden, outputs: 2) * Double(batch)
        emit("mlp_\(label)_step_vs_flop_limit", "us", ns / 1000, peer: flops / 100e9 * 1e6,
             peerName: "arithmetic limit at 100 GFLOP/s")
    }

    // Batch-1 forward without gradients (a rollout step).
    if enabled("forward") {
        let mlp = CoreBenchMLP(inputs: 4, hidden: 64, outputs: 2, seed: 2)
        var g = PCG64(seed: 4)
        let x = Tensor<Float>.normal([1, 4], generator: &g)
        let ns = measureNanoseconds("mlp_b1_forward_nograd", iterations: 100_000) { withNoGrad { blackHole(mlp.forward(x)) } }
        emit("mlp_b1_forward_nograd", "us", ns / 1000)
    }

    // Matmul GFLOP/s against calling cblas_sgemm directly on the same buffers.
    for n in [64, 128, 256, 512, 1024, 2048] where enabled("matmul") {
        var g = PCG64(seed: UInt64(n))
        let a = Tensor<Float>.uniform([n, n], generator: &g), b = Tensor<Float>.uniform([n, n], generator: &g)
        let flops = 2 * Double(n) * Double(n) * Double(n)
        let iterations = Swift.max(2, Int(2e9 / flops))
        let ours = measureNanoseconds("matmul_\(n)", iterations: iterations, repeats: 5) { blackHole(a.matmul(b)) }
        var c = [Float](repeating: 0, count: n * n)
        let raw = a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    measureNanoseconds("matmul_\(n)_raw", iterations: iterations, repeats: 5) {
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1,
                                    pa.baseAddress, Int32(n), pb.baseAddress, Int32(n), 0, pc.baseAddress, Int32(n))
                    }
                }
            }
        }
        emit("matmul_\(n)_gflops", "GFLOP/s", flops / ours, lowerIsBetter: false,
             peer: flops / raw, peerName: "OpenBLAS cblas_sgemm direct")
    }
}
