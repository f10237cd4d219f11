// Environments module — being built
