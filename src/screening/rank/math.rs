//! Logarithm and exponential from additions, multiplications and divisions
//! only. Those are correctly rounded by IEEE 754 everywhere, whereas `ln`
//! and `exp` of the platform's maths library may differ in the last bit
//! between machines; a model built on them could then rank two records in a
//! different order on another machine. Accurate to a few units in the last
//! place, which is all a ranking needs.

// ln 2 split in two (fdlibm's): the high part has trailing zero bits, so
// k · LN2_HI is exact for the k that occur.
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
const SQRT2: f64 = std::f64::consts::SQRT_2;

/// The natural logarithm of `x`; `-inf` for 0, NaN below 0 or for NaN.
pub fn ln(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x.is_infinite() {
        return x;
    }
    // x = m · 2^e with m in [1, 2); subnormals are scaled up first.
    let (x, bias) = if x < f64::MIN_POSITIVE {
        (x * (1u64 << 54) as f64, -54)
    } else {
        (x, 0)
    };
    let bits = x.to_bits();
    let mut e = ((bits >> 52) & 0x7ff) as i64 - 1023 + bias;
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if m > SQRT2 {
        m /= 2.0;
        e += 1;
    }
    // ln m = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.172.
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut term = s;
    let mut sum = 0.0;
    let mut k = 1.0;
    while k < 40.0 {
        sum += term / k;
        term *= s2;
        k += 2.0;
    }
    let e = e as f64;
    e * LN2_HI + (2.0 * sum + e * LN2_LO)
}

/// `e` to the power `x`.
pub fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x > 709.78 {
        return f64::INFINITY;
    }
    if x < -745.2 {
        return 0.0;
    }
    // x = k ln 2 + r, |r| <= ln 2 / 2; exp(r) by its series.
    let k = (x * std::f64::consts::LOG2_E).round();
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let mut term = 1.0;
    let mut sum = 1.0;
    let mut n = 1.0;
    while n < 18.0 {
        term = term * r / n;
        sum += term;
        n += 1.0;
    }
    scale2(sum, k as i32)
}

/// `v · 2^k` for `v` near 1, in two steps where one would leave the normal range.
fn scale2(v: f64, k: i32) -> f64 {
    let pow = |k: i32| f64::from_bits(((k + 1023) as u64) << 52);
    if k > 1023 {
        v * pow(1023) * pow(k - 1023)
    } else if k < -1022 {
        v * pow(-1022) * pow(k + 1022)
    } else {
        v * pow(k)
    }
}

/// The logistic function 1 / (1 + e^-x).
pub fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + exp(-x))
    } else {
        let e = exp(x);
        e / (1.0 + e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 4.0 * f64::EPSILON * b.abs().max(1e-300)
    }

    #[test]
    fn ln_matches_the_platform_to_a_few_ulps() {
        for x in [
            1e-310, 1e-300, 1e-9, 0.1, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 10.0, 311.0, 1e6, 1e300,
        ] {
            assert!(close(ln(x), x.ln()), "ln({x}) = {} vs {}", ln(x), x.ln());
        }
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(ln(0.0), f64::NEG_INFINITY);
        assert!(ln(-1.0).is_nan());
    }

    #[test]
    fn exp_matches_the_platform_to_a_few_ulps() {
        for x in [
            -740.0, -100.0, -20.5, -1.0, -0.3, 0.0, 1e-8, 0.3, 1.0, 2.5, 20.0, 300.0, 709.0,
        ] {
            assert!(
                close(exp(x), x.exp()),
                "exp({x}) = {} vs {}",
                exp(x),
                x.exp()
            );
        }
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(-800.0), 0.0);
        assert_eq!(exp(800.0), f64::INFINITY);
        assert!((sigmoid(0.0) - 0.5).abs() < 1e-16);
        assert!(sigmoid(-800.0) >= 0.0 && sigmoid(800.0) <= 1.0);
    }
}
