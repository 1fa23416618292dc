/*
 * version.c - the library's version string, set by CMake from the project
 * version so that reports and run records can cite it.
 */
#include "coalition/coalition.h"

const char *co_version(void)
{
	return CO_VERSION;
}
