// Student's t distribution (student_t.hpp), double by design: statistics of a fit, never money.
#include "renofee/core/savings/student_t.hpp"

#include <cmath>
#include <limits>

namespace renofee::savings {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Continued fraction of I_x(a, b) (Numerical Recipes 3rd ed. §6.4, modified Lentz), valid for
// x < (a + 1)/(a + b + 2); converges in O(sqrt(max(a, b))) terms.
double beta_continued_fraction(double a, double b, double x) {
  constexpr double tiny = 1e-300;
  constexpr double eps = 1e-16;
  const double qab = a + b;
  const double qap = a + 1.0;
  const double qam = a - 1.0;
  double c = 1.0;
  double d = 1.0 - qab * x / qap;
  if (std::fabs(d) < tiny) d = tiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= 10000; ++m) {
    const double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1.0) < eps) break;
  }
  return h;
}

// The t density at t with `dof` degrees of freedom: Γ((ν+1)/2) / (sqrt(νπ) Γ(ν/2)) · (1 + t²/ν)^(−(ν+1)/2).
double student_t_pdf(double t, double dof) {
  const double log_norm =
      std::lgamma((dof + 1.0) / 2.0) - std::lgamma(dof / 2.0) - 0.5 * std::log(dof * M_PI);
  return std::exp(log_norm - (dof + 1.0) / 2.0 * std::log1p(t * t / dof));
}

}  // namespace

double regularized_incomplete_beta(double a, double b, double x) {
  if (!(a > 0) || !(b > 0) || !(x >= 0) || !(x <= 1)) return nan;
  if (x == 0 || x == 1) return x;
  // Prefactor x^a (1−x)^b / (a B(a, b)), in logs.
  const double log_front =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  if (x < (a + 1.0) / (a + b + 2.0)) return std::exp(log_front) * beta_continued_fraction(a, b, x) / a;
  return 1.0 - std::exp(log_front) * beta_continued_fraction(b, a, 1.0 - x) / b;
}

double student_t_cdf(double t, double dof) {
  if (std::isnan(t) || !(dof > 0)) return nan;
  if (std::isinf(t)) return t > 0 ? 1.0 : 0.0;
  const double tail = 0.5 * regularized_incomplete_beta(dof / 2.0, 0.5, dof / (dof + t * t));  // P(T > |t|)
  return t >= 0 ? 1.0 - tail : tail;
}

double student_t_two_sided_p(double t, double dof) {
  if (std::isnan(t) || !(dof > 0)) return nan;
  if (std::isinf(t)) return 0.0;
  return regularized_incomplete_beta(dof / 2.0, 0.5, dof / (dof + t * t));
}

double student_t_quantile(double q, double dof) {
  if (!(q > 0) || !(q < 1) || !(dof > 0)) return nan;
  if (q == 0.5) return 0.0;
  if (q < 0.5) return -student_t_quantile(1.0 - q, dof);
  // Work on the upper tail P(T > t) = ½·I_x(ν/2, ½), which keeps its relative precision for q near 1.
  const double tail = 1.0 - q;
  auto upper = [dof](double x) {
    return 0.5 * regularized_incomplete_beta(dof / 2.0, 0.5, dof / (dof + x * x));
  };
  // Bracket [0, hi] with P(T > hi) <= tail, bisect to a good start, then Newton with the density.
  double lo = 0.0;
  double hi = 1.0;
  while (upper(hi) > tail) {
    lo = hi;
    hi *= 2.0;
    if (hi > 1e300) return std::numeric_limits<double>::infinity();
  }
  for (int i = 0; i < 60 && hi - lo > 1e-6 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    (upper(mid) > tail ? lo : hi) = mid;
  }
  double t = 0.5 * (lo + hi);
  for (int i = 0; i < 8; ++i) {
    const double step = (tail - upper(t)) / student_t_pdf(t, dof);
    t -= step;
    if (std::fabs(step) <= 1e-15 * std::fabs(t)) break;
  }
  return t;
}

}  // namespace renofee::savings
