#include "CSwiftletSupport.h"

_Thread_local int swiftlet_no_grad_depth = 0;
unsigned long swiftlet_backward_counter = 0;
