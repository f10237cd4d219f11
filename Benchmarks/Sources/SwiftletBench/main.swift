import Foundation
import SwiftletCore

@inline(never) func blackHole<T>(_ x: T) { }

func time(_ iters: Int, _ body: () -> Void) -> Double {
    let t0 = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<iters { body() }
    return Double(DispatchTime.now().uptimeNanoseconds - t0) / Double(iters)
}

setBLASThreads(1)
var g = PCG64(seed: 1)
let a1 = Tensor<Float>.uniform([1], generator: &g), b1 = Tensor<Float>.uniform([1], generator: &g)
let ag = a1.requiringGrad()
print("add 1 no-grad ns", time(1_000_000) { blackHole(a1 + b1) })
print("add 1 recorded ns", time(1_000_000) { blackHole(ag + b1) })
let a64 = Tensor<Float>.uniform([64, 64], generator: &g), b64 = Tensor<Float>.uniform([64, 64], generator: &g)
let a64g = a64.requiringGrad()
print("add 64x64 no-grad ns", time(100_000) { blackHole(a64 + b64) })
print("add 64x64 recorded ns", time(100_000) { blackHole(a64g + b64) })
let w1 = Tensor<Float>.uniform([64, 4], generator: &g).requiringGrad(), bb1 = Tensor<Float>.uniform([64], generator: &g).requiringGrad()
let w2 = Tensor<Float>.uniform([64, 64], generator: &g).requiringGrad(), bb2 = Tensor<Float>.uniform([64], generator: &g).requiringGrad()
let w3 = Tensor<Float>.uniform([2, 64], generator: &g).requiringGrad(), bb3 = Tensor<Float>.uniform([2], generator: &g).requiringGrad()
let x1 = Tensor<Float>.uniform([1, 4], generator: &g)
print("mlp b1 fwd nograd ns", time(200_000) { withNoGrad { blackHole(linear(linear(linear(x1, weight: w1, bias: bb1).tanh(), weight: w2, bias: bb2).tanh(), weight: w3, bias: bb3)) } })
let x64 = Tensor<Float>.uniform([64, 4], generator: &g), y64 = Tensor<Float>.uniform([64, 2], generator: &g)
print("mlp b64 fwd+bwd ns", time(20_000) {
    let out = linear(linear(linear(x64, weight: w1, bias: bb1).tanh(), weight: w2, bias: bb2).tanh(), weight: w3, bias: bb3)
    let loss = ((out - y64) * (out - y64)).mean()
    loss.backward()
    for p in [w1, bb1, w2, bb2, w3, bb3] { p.zeroGrad() }
})
print("blas core", blasCoreName)
