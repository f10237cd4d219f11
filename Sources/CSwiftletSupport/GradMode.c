#include "CSwiftletSupport.h"

_Thread_local int swiftlet_no_grad_depth = 0;
