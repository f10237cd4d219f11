import ArgumentParser
import Foundation
import SwiftletAgents
import SwiftletEnvironments

/// `swiftlet train <env-id> --algo <name>` (any registered algorithm): trains into a run folder with a
/// live progress line; Ctrl-C saves `last` so `--resume` continues.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train an agent (PPO, DQN or any registered algorithm) into a run folder (config, metrics, checkpoints, learning curve).",
        discussion: """
        The configuration starts from the environment's RL-Baselines3-Zoo preset, then --config \
        (YAML or JSON, SB3 key names), then each --set key=value. The run folder gets config.yml \
        (resolved), metrics.csv, checkpoints/last.safetensors and best.safetensors, and \
        learning-curve.png at the end. Ctrl-C saves last.safetensors and stops; \
        `swiftlet train --resume <folder>` continues exactly where it stopped.
        """)

    @Argument(help: "Environment id (see `swiftlet envs`); optional with --resume.")
    var envID: String?

    @Option(name: .long, help: ArgumentHelp("Algorithm: \(Algorithms.names.joined(separator: ", ")).", valueName: "name"))
    var algo: String?

    @Option(name: .long, parsing: .unconditional, help: "Seed for networks, exploration and environments.")
    var seed: UInt64 = 0

    @Option(name: .long, parsing: .unconditional, help: "Environment steps to train (default: the preset's n_timesteps).")
    var steps: Int?

    @Option(name: .long, help: "A YAML or JSON file of config keys applied over the preset.")
    var config: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override one config key, e.g. --set learning_rate=3e-4 (repeatable).",
                                                        valueName: "key=value"))
    var overrides: [String] = []

    @Option(name: .long, help: "The run folder to create (default: runs/<env-id>-<algo>-seed<seed>).")
    var out: String?

    @Option(name: .long, help: "Continue the run in this folder from its last checkpoint.")
    var resume: String?

    @Flag(name: .long, help: "Train into an --out folder that already holds other files (never into an existing run).")
    var force = false

    func validate() throws {
        if let steps, steps <= 0 { throw ValidationError("--steps must be positive, got \(steps)") }
        if resume == nil {
            guard envID != nil else { throw ValidationError("give an environment id (see `swiftlet envs`), or --resume <run folder>") }
            guard algo != nil else { throw ValidationError("give --algo (\(AgentConfiguration.algorithms.joined(separator: " or ")))") }
        }
    }

    func run() throws {
        if let resume { return try resumeRun(resume) }
        let envID = self.envID!
        guard let spec = Registry.spec(envID) else {
            throw EnvironmentError.unknownEnvironment(id: envID, available: Registry.ids)
        }
        guard let entry = Algorithms.entry(named: algo!) else {
            throw CLIError("unknown algorithm '\(algo!)'; valid algorithms: \(Algorithms.names.joined(separator: ", "))",
                           exitCode: ExitStatus.usage)
        }
        let algorithm = entry.name
        do { try entry.check(spec) } catch let e as TrainingError {
            throw CLIError(e.description, exitCode: ExitStatus.usage)
        }
        var configuration = entry.preset(for: spec)
        if let steps {
            // Evaluate ten times over a shortened budget too (the presets use n_timesteps / 10).
            configuration = try configuration.applying(overrides: ["n_timesteps": "\(steps)", "eval_freq": "\(max(steps / 10, 1))"])
        }
        if let config {
            guard FileManager.default.fileExists(atPath: config) else {
                throw CLIError("no config file \(config)", exitCode: ExitStatus.noInput)
            }
            do { configuration = try configuration.applying(file: URL(fileURLWithPath: config)) } catch let e as ConfigError {
                if case .malformed = e { throw e }
                throw CLIError("\(config): \(e.description)", exitCode: ExitStatus.usage)
            }
        }
        configuration = try configuration.applying(overrides: try parseOverrides(overrides))

        let folder = out ?? "runs/\(envID)-\(algorithm)-seed\(seed)"
        // checkNew proves the folder can be made; Trainer.train makes it once
        // the agent is built, so a configuration the agent rejects (use_sde
        // with Discrete actions) leaves nothing on disk.
        try RunFolder.checkNew(folder, force: force)

        installInterruptHandler()
        let printer = ProgressPrinter(interactive: Terminal.isInteractive)
        printer.header("training \(algorithm.uppercased()) on \(envID) (seed \(seed), \(group(configuration.totalTimesteps)) steps) into \(folder)")
        let summary: TrainingSummary
        do {
            summary = try Trainer.train(configuration: configuration, envID: envID, seed: seed, steps: steps,
                                        runDirectory: URL(fileURLWithPath: folder),
                                        progress: printer.update, shouldStop: { interruptRequested != 0 })
        } catch let e as TrainingError {
            printer.finish()
            throw Self.explain(e, folder: folder)
        }
        printer.finish()
        try finish(summary, folder: folder, algorithm: algorithm, envID: envID, printer: printer)
    }

    func resumeRun(_ folder: String) throws {
        let conflicting = [("--config", config != nil), ("--set", !overrides.isEmpty), ("--steps", steps != nil),
                           ("--out", out != nil), ("--force", force)].filter(\.1).map(\.0)
        if !conflicting.isEmpty {
            throw CLIError("\(conflicting.joined(separator: ", ")) cannot be combined with --resume: a resumed run keeps the configuration in \(folder)/config.yml",
                           exitCode: ExitStatus.usage)
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw CLIError("no run folder \(folder) to resume", exitCode: ExitStatus.noInput)
        }
        let checkpoint = try CheckpointPath.resolve(folder, preferLast: true)
        let loaded = try loadPolicy(checkpoint: URL(fileURLWithPath: checkpoint))
        if let envID, envID != loaded.envID {
            guard Registry.spec(envID) != nil else { throw EnvironmentError.unknownEnvironment(id: envID, available: Registry.ids) }
            throw CLIError("checkpoint \(checkpoint) was made for \(loaded.envID) (\(CheckpointPath.shapes(loaded.envID))), not for \(envID) (\(CheckpointPath.shapes(envID)))",
                           exitCode: ExitStatus.dataError)
        }
        if let algo, algo.lowercased() != loaded.algorithm {
            throw CLIError("checkpoint \(checkpoint) was trained with \(loaded.algorithm), not \(algo)", exitCode: ExitStatus.usage)
        }
        installInterruptHandler()
        let printer = ProgressPrinter(interactive: Terminal.isInteractive)
        printer.header("resuming \(loaded.algorithm.uppercased()) on \(loaded.envID) from \(loaded.timesteps) steps in \(folder)")
        let summary: TrainingSummary
        do {
            summary = try Trainer.resume(runDirectory: URL(fileURLWithPath: folder), progress: printer.update,
                                         shouldStop: { interruptRequested != 0 })
        } catch let e as TrainingError {
            printer.finish()
            throw Self.explain(e, folder: folder)
        }
        printer.finish()
        try finish(summary, folder: folder, algorithm: loaded.algorithm, envID: loaded.envID, printer: printer)
    }

    func finish(_ s: TrainingSummary, folder: String, algorithm: String, envID: String, printer: ProgressPrinter) throws {
        let curve = (folder as NSString).appendingPathComponent("learning-curve.png")
        let curveWritten = (try? RunFolder.writeLearningCurve(folder: folder, title: "\(envID) - \(algorithm.uppercased())", to: curve)) != nil
        if s.interrupted {
            let sig = interruptRequested != 0 ? interruptRequested : SIGINT
            FileHandle.standardError.write(Data("swiftlet: interrupted at \(group(s.timesteps)) steps by \(signalName(sig)); saved \(folder)/checkpoints/last.safetensors; continue with: swiftlet train --resume \(folder)\n".utf8))
            Foundation.exit(128 + sig)
        }
        print("trained \(algorithm.uppercased()) on \(envID): \(group(s.timesteps)) steps in \(formatDuration(s.wallSeconds))"
              + (s.reachedThreshold ? " (reached stop_reward_threshold)" : ""))
        if let e = s.finalEvaluation {
            print("final evaluation: mean \(String(format: "%.2f", e.mean)) ± \(String(format: "%.2f", e.std)) over \(e.returns.count) episodes"
                  + (s.bestEvaluationMean.map { ", best \(String(format: "%.2f", $0))" } ?? ""))
        }
        print("run folder \(folder): config.yml, metrics.csv, checkpoints/last.safetensors"
              + (s.bestEvaluationMean != nil ? ", checkpoints/best.safetensors" : "") + (curveWritten ? ", learning-curve.png" : ""))
        print("watch it: swiftlet watch \(folder)")
    }

    /// A diverged run's error says whether a checkpoint to go back to exists.
    static func explain(_ e: TrainingError, folder: String) -> Error {
        guard case .nonFinite(let q, let v, let t, let u) = e else { return e }
        let last = (folder as NSString).appendingPathComponent("checkpoints/last.safetensors")
        let kept = FileManager.default.fileExists(atPath: last)
            ? "the last good checkpoint is kept in \(last)" : "no checkpoint had been written yet"
        return CLIError("non-finite \(q) (\(v)) at timestep \(t), update \(u): training stopped; \(kept)",
                        exitCode: ExitStatus.failure)
    }

    /// `key=value` strings to a dictionary (later ones win). Throws naming a malformed one.
    func parseOverrides(_ items: [String]) throws -> [String: String] {
        var d: [String: String] = [:]
        for item in items {
            guard let eq = item.firstIndex(of: "="), eq != item.startIndex else {
                throw CLIError("bad --set '\(item)': expected key=value, e.g. --set learning_rate=3e-4", exitCode: ExitStatus.usage)
            }
            d[String(item[..<eq]).trimmingCharacters(in: .whitespaces)] = String(item[item.index(after: eq)...])
        }
        return d
    }
}

/// 100000 → "100,000".
func group(_ n: Int) -> String {
    let s = String(abs(n))
    var out = ""
    for (i, c) in s.enumerated() {
        if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return (n < 0 ? "-" : "") + out
}
