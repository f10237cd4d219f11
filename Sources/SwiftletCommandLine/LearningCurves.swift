import Foundation
import SwiftletGraphics

/// One run's curve, with the label of the group it is averaged in.
struct RunCurve {
    /// Runs with the same group are averaged.
    var group: String
    /// The legend label of the group.
    var label: String
    var x: [Double]
    var y: [Double]
}

/// Learning curves: runs of the same group (same env, algorithm and config up
/// to the seed) averaged into one line with a ±1 standard deviation band.
enum LearningCurves {
    /// Mean and population standard deviation of the group's runs on a common
    /// x grid: the union of the runs' x values inside the range all runs cover,
    /// each run linearly interpolated (at most `maxPoints` grid points).
    static func aggregate(_ runs: [RunCurve], maxPoints: Int = 400) -> (x: [Double], mean: [Double], std: [Double]) {
        let runs = runs.filter { !$0.x.isEmpty }
        guard !runs.isEmpty else { return ([], [], []) }
        if runs.count == 1 { return (runs[0].x, runs[0].y, [Double](repeating: 0, count: runs[0].y.count)) }
        let lo = runs.map { $0.x.first! }.max()!, hi = runs.map { $0.x.last! }.min()!
        var grid = Array(Set(runs.flatMap { $0.x }.filter { $0 >= lo && $0 <= hi })).sorted()
        if grid.count > maxPoints {
            let step = Double(grid.count - 1) / Double(maxPoints - 1)
            grid = (0..<maxPoints).map { grid[Int((Double($0) * step).rounded())] }
        }
        var mean = [Double](repeating: 0, count: grid.count), std = mean
        let values = runs.map { r in grid.map { interpolate(r.x, r.y, at: $0) } }
        for i in 0..<grid.count {
            let column = values.map { $0[i] }
            let m = column.reduce(0, +) / Double(column.count)
            mean[i] = m
            std[i] = (column.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(column.count)).squareRoot()
        }
        return (grid, mean, std)
    }

    /// Piecewise-linear value of (xs, ys) at `x` (xs ascending; clamped at the ends).
    static func interpolate(_ xs: [Double], _ ys: [Double], at x: Double) -> Double {
        if x <= xs[0] { return ys[0] }
        if x >= xs[xs.count - 1] { return ys[ys.count - 1] }
        var lo = 0, hi = xs.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if xs[mid] <= x { lo = mid } else { hi = mid }
        }
        let t = xs[hi] == xs[lo] ? 0 : (x - xs[lo]) / (xs[hi] - xs[lo])
        return ys[lo] + t * (ys[hi] - ys[lo])
    }

    /// The chart of `runs`, one series per group in first-seen order.
    static func plot(_ runs: [RunCurve], title: String, yLabel: String, width: Int = 800, height: Int = 500) -> LinePlot {
        var order: [String] = []
        var groups: [String: [RunCurve]] = [:]
        for r in runs {
            if groups[r.group] == nil { order.append(r.group) }
            groups[r.group, default: []].append(r)
        }
        let series = order.map { name -> PlotSeries in
            let g = groups[name]!
            let a = aggregate(g)
            let label = g.count > 1 ? "\(g[0].label) (\(g.count) runs, mean +/- std)" : g[0].label
            if g.count > 1 {
                return PlotSeries(label: label, x: a.x, y: a.mean,
                                  lower: zip(a.mean, a.std).map { $0 - $1 }, upper: zip(a.mean, a.std).map { $0 + $1 })
            }
            return PlotSeries(label: label, x: a.x, y: a.mean)
        }
        return LinePlot(title: title, xLabel: "environment steps", yLabel: yLabel, series: series, width: width, height: height)
    }
}
