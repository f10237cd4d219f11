import SwiftletCore
import SwiftletNN

/// A PCG64 generator's full state as JSON-friendly strings (checkpoints).
public struct RNGState: Codable, Equatable, Sendable {
    public var state: String
    public var increment: String
    public var bufferedUInt32: UInt32?

    public init(_ g: PCG64) {
        state = String(g.state, radix: 16)
        increment = String(g.increment, radix: 16)
        bufferedUInt32 = g.bufferedUInt32
    }

    public var generator: PCG64? {
        guard let s = UInt128(state, radix: 16), let i = UInt128(increment, radix: 16) else { return nil }
        var g = PCG64(state: s, increment: i)
        g.bufferedUInt32 = bufferedUInt32
        return g
    }
}

/// The independent generator number `stream` of a run seeded `seed`
/// (distinct PCG64 streams: same seed, different increments).
@inlinable
public func derivedGenerator(seed: UInt64, stream: UInt64) -> PCG64 {
    var sm = SplitMix64(state: seed)
    let s = (UInt128(sm.next()) << 64) | UInt128(sm.next())
    return PCG64(initState: s, initSequence: UInt128(stream) &+ 0x5157_4946_544C_4554)
}
