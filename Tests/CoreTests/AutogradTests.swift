import SwiftletCore
import Testing
import TestSupport

@Suite("Autograd semantics")
struct AutogradTests {
    @Test func gradientsAccumulateAcrossBackwardCallsUntilZeroGrad() {
        let w = Tensor<Double>([1, 2, 3]).requiringGrad()
        (w * w).sum().backward()
        #expect(w.grad == Tensor([2, 4, 6]))
        (w * 3).sum().backward()
        #expect(w.grad == Tensor([5, 7, 9]))
        w.zeroGrad()
        #expect(w.grad == nil)
        w.sum().backward()
        #expect(w.grad == Tensor([1, 1, 1]))
    }

    @Test func retainGraphAllowsASecondBackward() {
        let x = Tensor<Double>([0.5, -1]).requiringGrad()
        let y = (x.tanh() * x).sum()
        y.backward(retainGraph: true)
        let once = x.grad!
        y.backward()
        #expect(allClose(x.grad!, once * 2, rtol: 1e-15))
    }

    @Test func noGradScopeBuildsNoGraph() {
        let w = Tensor<Double>([1, 2]).requiringGrad()
        let y = withNoGrad { (w * w + 1).tanh().sum() }
        #expect(!y.requiresGrad)
        #expect(isGradRecordingEnabled)
        let nested: Bool = withNoGrad { withNoGrad { isGradRecordingEnabled } || isGradRecordingEnabled }
        #expect(!nested)
        #expect((w * 2).requiresGrad)
    }

    @Test func detachStopsGradientFlow() {
        let x = Tensor<Double>([2, 3]).requiringGrad()
        let y = (x * x.detached()).sum()   // d/dx = x (the detached factor is a constant)
        y.backward()
        #expect(x.grad == Tensor([2, 3]))
        #expect(!x.detached().requiresGrad)
        #expect(x.detached() == x)
    }

    @Test func aNodeUsedTwiceReceivesBothGradients() {
        let x = Tensor<Double>([1.5, -2]).requiringGrad()
        let h = x.tanh()
        let y = (h * h + h).sum()          // d/dx = (2h + 1)(1 − h²)
        y.backward()
        let hv = h.scalars
        let expected = Tensor(hv.map { (2 * $0 + 1) * (1 - $0 * $0) })
        #expect(allClose(x.grad!, expected, rtol: 1e-14))
    }

    @Test func broadcastGradientIsReducedToTheInputShape() {
        let b = Tensor<Double>(shape: [1, 3], scalars: [1, 2, 3]).requiringGrad()
        let x = Tensor<Double>.ones([4, 3])
        (x * b).sum().backward()
        #expect(b.grad == Tensor(shape: [1, 3], scalars: [4, 4, 4]))
    }

    @Test func backwardWithAnExplicitGradient() {
        let x = Tensor<Double>([1, 2, 3]).requiringGrad()
        (x * 2).backward(gradient: Tensor([1, 0, -1]))
        #expect(x.grad == Tensor([2, 0, -2]))
    }

    @Test func onlyInputsThatRequireGradGetGradients() {
        let a = Tensor<Double>([1, 2]).requiringGrad()
        let b = Tensor<Double>([3, 4])
        (a * b).sum().backward()
        #expect(a.grad == Tensor([3, 4]))
        #expect(b.grad == nil)
        #expect(a.isLeaf && !(a * b).isLeaf)
    }

    @Test func floatTrainingStepReducesLoss() {
        // y = 2x − 1 by gradient descent on w, b (Float32 end to end).
        var w = Tensor<Float>([[0.1]]).requiringGrad()
        var b = Tensor<Float>([0]).requiringGrad()
        let x = Tensor<Float>(shape: [4, 1], scalars: [-1, 0, 1, 2])
        let y = x * 2 - 1
        var last = Float.infinity
        for _ in 0..<200 {
            let loss = mseLoss(linear(x, weight: w, bias: b), y)
            last = loss.scalar
            loss.backward()
            w = (w.detached() - w.grad! * 0.1).requiringGrad()
            b = (b.detached() - b.grad! * 0.1).requiringGrad()
        }
        #expect(last < 1e-6)
        #expect(isClose(w.scalar, 2, rtol: 1e-3))
    }
}

@Suite("Tensor basics")
struct TensorBasicsTests {
    @Test func copyOnWriteKeepsValueSemantics() {
        let a = Tensor<Float>([1, 2, 3])
        var b = a
        b[index: 0] = 9
        #expect(a.scalars == [1, 2, 3])
        #expect(b.scalars == [9, 2, 3])
    }

    @Test func indexTensorsReshapeSliceAndJoin() {
        let i = Tensor<Int>.arange(6).reshaped([2, 3])
        #expect(i.transposed().scalars == [0, 3, 1, 4, 2, 5])
        #expect(i[1].scalars == [3, 4, 5])
        #expect(i.narrowed(dim: 1, start: 1, length: 2).scalars == [1, 2, 4, 5])
        #expect(Tensor.concat([i, i], dim: 0).shape == [4, 3])
        #expect(Tensor.stack([i, i], dim: 2).shape == [2, 3, 2])
        #expect(i.indexSelect(dim: 0, index: Tensor([1, 1])).scalars == [3, 4, 5, 3, 4, 5])
        #expect(i.gathered(dim: 1, index: Tensor(shape: [2, 1], scalars: [2, 0])).scalars == [2, 3])
    }

    @Test func comparisonsGiveMasks() {
        let x = Tensor<Float>([-1, 0, 2])
        #expect((x .> 0).scalars == [false, false, true])
        #expect((x .<= 0).scalars == [true, true, false])
        #expect((x .== Tensor([-1, 1, 2])).scalars == [true, false, true])
        #expect((x .!= 0).scalars == [true, false, true])
        #expect((0 .< x).scalars == [false, false, true])
        #expect((x .>= Tensor<Float>(shape: [1], scalars: [0])).scalars == [false, true, true])
        #expect(((x .< 0) .| (x .> 1)).scalars == [true, false, true])
        #expect(((x .< 0) .& (x .> 1)).any() == false)
        #expect((x .> 0).cast(to: Float.self).scalars == [0, 0, 1])
    }

    @Test func creationAndDescription() {
        #expect(Tensor<Double>.eye(2).scalars == [1, 0, 0, 1])
        #expect(Tensor<Float>.arange(0, 1, step: 0.25).scalars == [0, 0.25, 0.5, 0.75])
        #expect(Tensor<Float>([[1, 2], [3, 4]]).description == "tensor([[1.0, 2.0], [3.0, 4.0]], shape: [2, 2])")
        #expect(Tensor<Float>.full([2], 7).scalars == [7, 7])
    }

    @Test func argmaxAndMaxOnFloat32() {
        let q = Tensor<Float>([[1, 5, 2], [7, 0, 7]])
        #expect(q.argmax(dim: 1).scalars == [1, 0])
        #expect(q.max(dim: 1).scalars == [5, 7])
        #expect(q.min().scalar == 0)
        #expect(q.argmax() == 3)
        let nan = Tensor<Float>([1, .nan, 3])
        #expect(nan.argmax() == 1)
        #expect(nan.max().scalar.isNaN)
    }

    @Test func softmaxRowsSumToOneInFloat32() {
        var g = PCG64(seed: 3)
        let x = Tensor<Float>.normal([8, 5], std: 10, generator: &g)
        let s = x.softmax(dim: 1).sum(dim: 1)
        #expect(allClose(s, Tensor<Float>.ones([8]), rtol: 1e-5, atol: 1e-6))
        let l = x.logSoftmax(dim: 1).exp().sum(dim: 1)
        #expect(allClose(l, Tensor<Float>.ones([8]), rtol: 1e-5, atol: 1e-6))
    }

    @Test func float32TanhKernelIsAccurate() {
        let x = Tensor<Float>.arange(-9, 9, step: 0.001)
        let fast = x.tanh().scalars
        let ref = x.scalars.map { Float(Double.tanh(Double($0))) }
        var worst: Float = 0
        for (a, b) in zip(fast, ref) { worst = Swift.max(worst, Swift.abs(a - b)) }
        #expect(worst < 4e-7)
    }
}
