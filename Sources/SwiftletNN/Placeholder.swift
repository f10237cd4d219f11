// \(d) — being built
