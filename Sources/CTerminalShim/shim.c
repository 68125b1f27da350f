#include "CTerminalShim.h"
