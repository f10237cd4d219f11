import SwiftletGraphics

/// An environment that can draw its current state (Gymnasium's
/// `render_mode="rgb_array"`). Opt-in: `swiftlet watch` and GIF recording
/// need it and refuse, with one clear line, environments without it.
///
/// Cost: one frame per call (the classic control tasks draw 600×400 pixels,
/// a few hundred microseconds); not for the training hot path.
///
/// ```swift
/// let env = try make("CartPole-v1")
/// env.reset(seed: 0)
/// if let r = env as? any RenderableEnvironment { try PNG.write(r.render(), to: "frame.png") }
/// ```
public protocol RenderableEnvironment: Environment {
    /// Draws the current state as an RGB frame.
    func render() -> RGBImage
}

extension Environment {
    /// The environment as a `RenderableEnvironment`, or nil when it (or a
    /// wrapper in its stack) cannot draw itself.
    public var renderable: (any RenderableEnvironment)? { self as? any RenderableEnvironment }
}
