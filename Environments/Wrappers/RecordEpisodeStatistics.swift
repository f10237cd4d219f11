import SwiftletGraphics

/// Gymnasium's `RecordEpisodeStatistics`: accumulates the return and length
/// of the running episode and reports them in `info.episode` on the step that
/// ends it; keeps the last `bufferLength` episodes in `returnQueue`,
/// `lengthQueue` and `timeQueue`.
public final class RecordEpisodeStatistics<Base: Environment>: Wrapper {
    public let env: Base
    public let bufferLength: Int
    @exclusivity(unchecked) public private(set) var episodeCount = 0
    @exclusivity(unchecked) public private(set) var episodeReturn = 0.0
    @exclusivity(unchecked) public private(set) var episodeLength = 0
    @exclusivity(unchecked) public private(set) var returnQueue: [Double] = []
    @exclusivity(unchecked) public private(set) var lengthQueue: [Int] = []
    @exclusivity(unchecked) public private(set) var timeQueue: [Double] = []
    private var episodeStart = ContinuousClock.now

    public init(_ env: Base, bufferLength: Int = 100) {
        precondition(bufferLength > 0, "RecordEpisodeStatistics: bufferLength must be positive, got \(bufferLength)")
        self.env = env
        self.bufferLength = bufferLength
    }

    public func reset(seed: UInt64?, options: ResetOptions?, into observation: UnsafeMutableBufferPointer<Float>) -> StepInfo {
        let info = env.reset(seed: seed, options: options, into: observation)
        episodeStart = ContinuousClock.now
        episodeReturn = 0
        episodeLength = 0
        return info
    }

    private func record(_ t: inout Transition) {
        episodeReturn += t.reward
        episodeLength += 1
        guard t.terminated || t.truncated else { return }
        let d = ContinuousClock.now - episodeStart
        let secs = (Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
        let rounded = (secs * 1e6).rounded() / 1e6
        t.info.episode = EpisodeStatistics(totalReward: episodeReturn, length: episodeLength, seconds: rounded)
        func push<T>(_ q: inout [T], _ v: T) { if q.count == bufferLength { q.removeFirst() }; q.append(v) }
        push(&returnQueue, episodeReturn)
        push(&lengthQueue, episodeLength)
        push(&timeQueue, rounded)
        episodeCount += 1
        episodeStart = ContinuousClock.now
    }

    public func step(discrete action: Int, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        var t = env.step(discrete: action, into: observation)
        record(&t)
        return t
    }

    public func step(continuous action: UnsafeBufferPointer<Float>, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        var t = env.step(continuous: action, into: observation)
        record(&t)
        return t
    }
}

extension RecordEpisodeStatistics: RenderableEnvironment where Base: RenderableEnvironment {}
extension RecordEpisodeStatistics: NumPySeededEnvironment where Base: NumPySeededEnvironment {}
extension RecordEpisodeStatistics: StatefulEnvironment where Base: StatefulEnvironment {}
