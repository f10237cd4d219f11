// Agents module — being built
