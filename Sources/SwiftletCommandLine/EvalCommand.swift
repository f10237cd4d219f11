import ArgumentParser
import Foundation
import SwiftletAgents

/// `swiftlet eval <run-or-checkpoint>`: the deterministic policy's mean
/// episode return over N seeded episodes.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a trained policy: prints 'mean <value> ± <std>' of the episode return.",
        discussion: """
        Deterministic actions (argmax / Gaussian mean); the first episode's reset uses --seed and \
        later ones continue the environment's generator (Stable-Baselines3's evaluate_policy). \
        The standard deviation is NumPy's np.std (population).
        """)

    @Argument(help: "A run folder (its best checkpoint, else its last) or a checkpoint file.")
    var target: String

    @Option(name: .long, parsing: .unconditional, help: "Episodes to run.")
    var episodes = 10

    @Option(name: .long, parsing: .unconditional, help: "Seed of the first episode's reset.")
    var seed: UInt64 = 0

    @Option(name: .long, help: "Evaluate on this environment instead of the one trained on (same spaces needed).")
    var env: String?

    @Flag(name: .long, help: "Also print each episode's return and length.")
    var verbose = false

    func validate() throws {
        guard episodes > 0 else { throw ValidationError("--episodes must be positive, got \(episodes)") }
    }

    func run() throws {
        let source = try PolicySource.loadTrained(target, envID: env)
        let r = try evaluate(envID: source.envID, episodes: episodes, seed: seed, policy: source.policy)
        if verbose {
            for (i, (ret, len)) in zip(r.returns, r.lengths).enumerated() {
                print("episode \(i + 1): return \(String(format: "%.2f", ret)), \(len) steps")
            }
        }
        print("mean \(String(format: "%.2f", r.mean)) ± \(String(format: "%.2f", r.std))")
    }
}
