// Shared test support (gradient checking, approximate equality) — being built.
import SwiftletCore
