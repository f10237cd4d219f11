import ArgumentParser

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "eval", abstract: "(being built)")
    func run() throws { throw CLIError("'eval' is not available yet") }
}
