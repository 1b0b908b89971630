#ifndef UPY_UNISTD_H
#define UPY_UNISTD_H
#include <stddef.h>
typedef long ssize_t;
#endif
