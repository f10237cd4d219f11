import ArgumentParser

struct EnvsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "envs", abstract: "(being built)")
    func run() throws { throw CLIError("'envs' is not available yet") }
}
