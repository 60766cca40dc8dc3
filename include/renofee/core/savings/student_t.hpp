// renofee/core/savings/student_t.hpp
//
// Purpose: Student's t distribution for the CalTRACK fits (docs/savings.md): the two-sided p-value of a
// regression slope (CalTRACK 2.0 §3.4.3.2) and the quantile used by the error bands (eemeter 3.2.0
// derivatives.py: scipy.stats.t.ppf(1 − (1 − confidence) / 2, dof)). Statistics, so double by design: they
// describe a fit and never become money.
//
// Method: F(t; ν) = 1 − ½·I_x(ν/2, ½) for t ≥ 0 with x = ν / (ν + t²), I the regularized incomplete beta
// function evaluated by its continued fraction (modified Lentz, Numerical Recipes 3rd ed. §6.4; the symmetric
// form I_x(a, b) = 1 − I_{1−x}(b, a) when x > (a + 1)/(a + b + 2)). The quantile solves the upper tail
// P(T > t) = 1 − q (which keeps its precision for q near 1) by bisection on a bracket, then Newton steps with
// the density; about 1e-13 relative (tests: 1e-12). Degrees of freedom ν > 0, real.
#pragma once

namespace renofee::savings {

// I_x(a, b), a > 0, b > 0, x in [0, 1]; NaN outside.
double regularized_incomplete_beta(double a, double b, double x);

// P(T <= t) for Student's t with `dof` > 0 degrees of freedom; NaN for dof <= 0 or NaN input.
double student_t_cdf(double t, double dof);

// Two-sided p-value 2·(1 − F(|t|)); NaN when t or dof is NaN or dof <= 0.
double student_t_two_sided_p(double t, double dof);

// The q-quantile, q in (0, 1); NaN outside or for dof <= 0.
double student_t_quantile(double q, double dof);

}  // namespace renofee::savings
