// Benchmark group `nn`: MLP training steps with Adam, the optimizer step
// alone, batch-1 inference, and safetensors checkpoints of a 1M-parameter
// model. Peer: Benchmarks/peers/nn_peer.py (PyTorch, 1 thread, same work).
import Foundation
import SwiftletCore
import SwiftletNN

func runNNBenchmarks(peers: [String: Double]) {
    func emit(_ figure: String, _ unit: String, _ value: Double, lowerIsBetter: Bool = true) {
        let peer = peers[figure]
        print(Figure(group: "nn", figure: figure, unit: unit, swiftlet: value, peer: peer,
                     peerName: peer == nil ? nil : "pytorch", lowerIsBetter: lowerIsBetter).jsonLine)
    }

    // MLP 4→h→h→2 (tanh), MSE loss, zero_grad + forward + backward + Adam step.
    for (hidden, batch, iterations) in [(64, 64, 4000), (64, 256, 2000), (256, 64, 1000), (256, 256, 300)] {
        var g = PCG64(seed: 0)
        let net = MLP<Float>([4, hidden, hidden, 2], activation: .tanh, generator: &g)
        let opt = Adam(net.parameters, learningRate: 1e-4)
        let x = Tensor<Float>.normal([batch, 4], generator: &g)
        let y = Tensor<Float>.normal([batch, 2], generator: &g)
        let ns = measureNanoseconds(iterations: iterations) {
            opt.zeroGrad()
            let loss = mseLoss(net(x), y)
            loss.backward()
            opt.step()
            blackHole(loss)
        }
        emit("mlp_h\(hidden)_b\(batch)_train_step", "us", ns / 1000)
        // Arithmetic limit: forward 2·b·Σ in·out, backward twice that less the
        // input gradient of the first layer, at the measured single-core
        // sgemm peak (~110 GFLOP/s, shared/PLATFORM.md).
        let macs = Double(batch) * Double(4 * hidden + hidden * hidden + hidden * 2)
        let flops = 2 * macs * 3 - 2 * Double(batch * 4 * hidden)
        if hidden == 256 && batch == 256 { emit("mlp_h256_b256_arithmetic_limit", "us", flops / 110e9 * 1e6) }
    }

    // Adam step alone over the h64 MLP's 4610 parameters.
    do {
        var g = PCG64(seed: 1)
        let net = MLP<Float>([4, 64, 64, 2], activation: .tanh, generator: &g)
        for p in net.parameters { p.grad = Tensor<Float>.normal(p.shape, generator: &g) }
        let opt = Adam(net.parameters, learningRate: 1e-4)
        let ns = measureNanoseconds(iterations: 20000) { opt.step() }
        emit("adam_step_h64", "us", ns / 1000)
    }

    // Batch-1 inference without recording (a rollout step).
    do {
        var g = PCG64(seed: 2)
        let net = MLP<Float>([4, 64, 64, 2], activation: .tanh, generator: &g)
        let x = Tensor<Float>.normal([1, 4], generator: &g)
        let ns = measureNanoseconds(iterations: 50000) { blackHole(withNoGrad { net(x) }) }
        emit("mlp_h64_b1_forward_nograd", "us", ns / 1000)
    }

    // Categorical over a batch of 64 logits: logProb + entropy + backward.
    do {
        var g = PCG64(seed: 3)
        let logits = Tensor<Float>.normal([64, 4], generator: &g).requiringGrad()
        let actions = Tensor<Int>(shape: [64], scalars: (0..<64).map { $0 % 4 })
        let ns = measureNanoseconds(iterations: 5000) {
            let d = Categorical(logits: logits)
            let loss = d.logProb(actions).mean() + d.entropy().mean()
            loss.backward()
            logits.zeroGrad()
        }
        emit("categorical_b64_logprob_entropy_backward", "us", ns / 1000)
    }

    // Checkpoint of a 1,050,112-parameter MLP (512→1024→512), ~4.2 MB.
    do {
        var g = PCG64(seed: 4)
        let net = MLP<Float>([512, 1024, 512], generator: &g)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlet-bench-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("model.safetensors")
        let megabytes = Double(net.parameterCount * 4) / 1e6
        let save = measureNanoseconds(iterations: 20, warmup: 3) { try! net.save(to: url) }
        emit("checkpoint_1M_save", "MB/s", megabytes / (save / 1e9), lowerIsBetter: false)
        let load = measureNanoseconds(iterations: 20, warmup: 3) { try! net.load(from: url) }
        emit("checkpoint_1M_load", "MB/s", megabytes / (load / 1e9), lowerIsBetter: false)
        let bytes = Checkpoint(tensors: net.stateDict().mapValues { StoredTensor($0) }).encoded()
        let decode = measureNanoseconds(iterations: 50, warmup: 5) { blackHole(try! Checkpoint(decoding: bytes)) }
        emit("checkpoint_1M_decode_in_memory", "MB/s", megabytes / (decode / 1e9), lowerIsBetter: false)
    }
}
