import SwiftletGraphics

/// Gymnasium's `FrameStackObservation`: the observation is the last
/// `stackSize` observations, oldest first, concatenated (`stackSize × d`
/// floats). On reset the stack is filled with the reset observation
/// (`padding: .reset`, Gymnasium's default) or zeros (`.zero`).
public final class FrameStack<Base: Environment>: Wrapper {
    public enum Padding: Sendable { case reset, zero }
    public let env: Base
    public let stackSize: Int
    public let padding: Padding
    public let observationSpace: Box
    /// Ring of the last `stackSize` frames; `head` is the oldest.
    @exclusivity(unchecked) private var frames: [Float]
    @exclusivity(unchecked) private var head = 0
    @exclusivity(unchecked) private var scratch: [Float]
    private let frameSize: Int

    public init(_ env: Base, stackSize: Int, padding: Padding = .reset) {
        precondition(stackSize > 0, "FrameStack: stackSize needs to be greater than zero, got \(stackSize)")
        self.env = env
        self.stackSize = stackSize
        self.padding = padding
        let b = env.observationSpace
        observationSpace = Box(low: Array([[Float]](repeating: b.low, count: stackSize).joined()),
                               high: Array([[Float]](repeating: b.high, count: stackSize).joined()),
                               shape: [stackSize] + b.shape)
        frames = [Float](repeating: 0, count: stackSize * b.size)
        scratch = [Float](repeating: 0, count: b.size)
        frameSize = b.size
    }

    private func push(_ o: UnsafeBufferPointer<Float>) {
        let d = o.count
        frames.withUnsafeMutableBufferPointer { f in
            for i in 0..<d { f[head * d + i] = o[i] }
        }
        head = (head + 1) % stackSize
    }

    private func write(_ out: UnsafeMutableBufferPointer<Float>) {
        let d = frameSize
        frames.withUnsafeBufferPointer { f in
            for k in 0..<stackSize {
                let src = ((head + k) % stackSize) * d
                for i in 0..<d { out[k * d + i] = f[src + i] }
            }
        }
    }

    public func reset(seed: UInt64?, options: ResetOptions?, into observation: UnsafeMutableBufferPointer<Float>) -> StepInfo {
        scratch.withUnsafeMutableBufferPointer { s in
            let info = env.reset(seed: seed, options: options, into: s)
            let d = s.count
            frames.withUnsafeMutableBufferPointer { f in
                for k in 0..<stackSize { for i in 0..<d { f[k * d + i] = padding == .reset ? s[i] : 0 } }
            }
            head = 0
            push(UnsafeBufferPointer(s))   // newest frame last
            write(observation)
            return info
        }
    }

    public func step(discrete action: Int, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        scratch.withUnsafeMutableBufferPointer { s in
            let t = env.step(discrete: action, into: s)
            push(UnsafeBufferPointer(s))
            write(observation)
            return t
        }
    }

    public func step(continuous action: UnsafeBufferPointer<Float>, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        scratch.withUnsafeMutableBufferPointer { s in
            let t = env.step(continuous: action, into: s)
            push(UnsafeBufferPointer(s))
            write(observation)
            return t
        }
    }
}

extension FrameStack: RenderableEnvironment where Base: RenderableEnvironment {}
extension FrameStack: NumPySeededEnvironment where Base: NumPySeededEnvironment {}
