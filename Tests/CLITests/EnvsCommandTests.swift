import Foundation
import Testing

@Suite struct EnvsCommandTests {
    /// Every Gymnasium id with its time limit, threshold and spaces (fixture from gymnasium.spec).
    @Test func listsTheRegistryAsGymnasiumDefinesIt() throws {
        let r = try CLI.run(["envs", "--plain"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let specs = GymnasiumFixtures.shared.registry
        #expect(lines.map { $0[0] } == specs.map(\.id))
        for (line, spec) in zip(lines, specs) {
            #expect(line.count == 5)
            #expect(line[3] == String(spec.max_episode_steps), "\(spec.id)")
            if let t = spec.reward_threshold { #expect(Double(line[4]) == t, "\(spec.id)") } else { #expect(line[4] == "none") }
            #expect(line[1].hasSuffix("\(spec.observation_shape), float32)"), "\(line[1])")
            // Gymnasium prints Box shapes as (1,), Swiftlet as [1].
            let gymAction = spec.action_space.replacingOccurrences(of: "(1,)", with: "[1]")
            #expect(line[2] == gymAction, "\(spec.id): \(line[2]) vs \(spec.action_space)")
        }
    }

    @Test func tableHasAHeader() throws {
        let r = try CLI.run(["envs"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("id "))
        #expect(r.stdout.contains("CartPole-v1") && r.stdout.contains("reward threshold"))
    }

    @Test func unknownSubcommandIsOneLine() throws {
        let r = try CLI.run(["fly"])
        #expect(r.status != 0)
        #expect(r.errorLines.count == 1)
        #expect(r.stderr.hasPrefix("swiftlet: error: "))
    }
}
