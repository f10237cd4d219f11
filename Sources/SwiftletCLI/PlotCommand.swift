import ArgumentParser

struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plot", abstract: "(being built)")
    func run() throws { throw CLIError("'plot' is not available yet") }
}
