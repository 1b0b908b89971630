// <math.h> for the core: classification from clang builtins, functions from Rust's libm
// (exported with C names in src/port/libc.rs).
#ifndef UPY_MATH_H
#define UPY_MATH_H
#define NAN (__builtin_nanf(""))
#define INFINITY (__builtin_inff())
#define HUGE_VAL (__builtin_huge_val())
#define M_PI 3.14159265358979323846
#define M_E 2.7182818284590452354
#define isnan(x) __builtin_isnan(x)
#define isinf(x) __builtin_isinf(x)
#define isfinite(x) __builtin_isfinite(x)
#define signbit(x) __builtin_signbit(x)
#define fpclassify(x) __builtin_fpclassify(FP_NAN, FP_INFINITE, FP_NORMAL, FP_SUBNORMAL, FP_ZERO, x)
#define FP_NAN 0
#define FP_INFINITE 1
#define FP_ZERO 2
#define FP_SUBNORMAL 3
#define FP_NORMAL 4
#define UPY_MATH1(f) double f(double); float f##f(float);
#define UPY_MATH2(f) double f(double, double); float f##f(float, float);
UPY_MATH1(sqrt) UPY_MATH1(exp) UPY_MATH1(expm1) UPY_MATH1(log) UPY_MATH1(log2) UPY_MATH1(log10)
UPY_MATH1(log1p) UPY_MATH1(cos) UPY_MATH1(sin) UPY_MATH1(tan) UPY_MATH1(acos) UPY_MATH1(asin)
UPY_MATH1(atan) UPY_MATH1(cosh) UPY_MATH1(sinh) UPY_MATH1(tanh) UPY_MATH1(acosh) UPY_MATH1(asinh)
UPY_MATH1(atanh) UPY_MATH1(erf) UPY_MATH1(erfc) UPY_MATH1(tgamma) UPY_MATH1(lgamma)
UPY_MATH1(ceil) UPY_MATH1(floor) UPY_MATH1(trunc) UPY_MATH1(fabs) UPY_MATH1(nearbyint) UPY_MATH1(round)
UPY_MATH2(pow) UPY_MATH2(atan2) UPY_MATH2(fmod) UPY_MATH2(copysign)
UPY_MATH2(nextafter) UPY_MATH2(hypot) UPY_MATH2(remainder)
#define nan(tag) __builtin_nan(tag)
#define nanf(tag) __builtin_nanf(tag)
double ldexp(double, int); double frexp(double, int *); double modf(double, double *);
float ldexpf(float, int); float frexpf(float, int *); float modff(float, float *);
#endif
