// Header-only: see include/CSwiftletAtomics.h.
