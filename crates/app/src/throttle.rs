//! How failed logins slow further tries: per (name, client address) and per client address,
//! with waits that grow with every failure past a free allowance. The server never sleeps: a
//! try inside a wait is answered at once with how long is left (HTTP 429 with `Retry-After`),
//! and is neither checked nor counted.
//!
//! What is stored stays bounded: a name longer than [`MAX_USERNAME_CHARS`] is refused before
//! anything is written, failures are counted in one row per (name, address, [`WINDOW`]), and
//! rows older than [`MEMORY`] are deleted whenever a failure is counted. A try inside a wait
//! writes nothing, so one address writes at most a few dozen rows a day.
//!
//! Because the counts are per address, guesses from one address never lock the owner of a name
//! out at another.

use finsam_store::LoginStanding;

/// The longest user name there can be; a longer one is refused before anything is stored.
pub const MAX_USERNAME_CHARS: usize = 64;
/// Failures are counted per window of this many seconds (one stored row per name, address and
/// window).
pub const WINDOW: i64 = 15 * 60;
/// How long failures are remembered, in seconds: one day. Older rows are deleted.
pub const MEMORY: i64 = 24 * 3600;
/// Failures for one name from one address before waits begin.
pub const FREE_PER_NAME: i64 = 5;
/// Failures for all names together from one address before waits begin (higher: an office
/// behind one address has many users).
pub const FREE_PER_CLIENT: i64 = 20;
/// The first wait, in seconds; every further failure doubles it.
pub const FIRST_WAIT: i64 = 60;
/// The longest wait, in seconds.
pub const LONGEST_WAIT: i64 = 3600;

/// How long to wait after the last of `failures`, when `free` are allowed without waiting:
/// nothing below the allowance, then [`FIRST_WAIT`] doubling per failure up to [`LONGEST_WAIT`].
pub fn wait_after(failures: i64, free: i64) -> i64 {
    if failures < free {
        return 0;
    }
    let doublings = u32::try_from(failures.saturating_sub(free)).unwrap_or(u32::MAX);
    FIRST_WAIT
        .checked_mul(2_i64.checked_pow(doublings).unwrap_or(i64::MAX))
        .unwrap_or(i64::MAX)
        .min(LONGEST_WAIT)
}

/// Seconds left to wait at `now` before a try is let through, from the client's standing; 0
/// when it may try now.
pub fn seconds_left(standing: &LoginStanding, now: i64) -> i64 {
    let left = |count: i64, last: Option<i64>, free: i64| {
        last.map_or(0, |last| {
            last.saturating_add(wait_after(count, free))
                .saturating_sub(now)
                .max(0)
        })
    };
    left(standing.name.count, standing.name.last_at, FREE_PER_NAME).max(left(
        standing.client.count,
        standing.client.last_at,
        FREE_PER_CLIENT,
    ))
}

/// The start of the window that `at` falls in.
pub fn window_start(at: i64) -> i64 {
    at.div_euclid(WINDOW).saturating_mul(WINDOW)
}

/// A Swedish "om N minuter" for a wait, rounded up to whole minutes.
pub fn wait_text(seconds: i64) -> String {
    let minutes = seconds.saturating_add(59).div_euclid(60).max(1);
    if minutes == 1 {
        "om en minut".to_owned()
    } else {
        format!("om {minutes} minuter")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use finsam_store::Failures;
    use proptest::prelude::*;

    fn standing(name: (i64, i64), client: (i64, i64)) -> LoginStanding {
        LoginStanding {
            name: Failures {
                count: name.0,
                last_at: Some(name.1),
            },
            client: Failures {
                count: client.0,
                last_at: Some(client.1),
            },
        }
    }

    #[test]
    fn waits_begin_after_the_allowance_and_double() {
        assert_eq!(wait_after(4, FREE_PER_NAME), 0);
        assert_eq!(wait_after(5, FREE_PER_NAME), 60);
        assert_eq!(wait_after(6, FREE_PER_NAME), 120);
        assert_eq!(wait_after(8, FREE_PER_NAME), 480);
        assert_eq!(wait_after(500, FREE_PER_NAME), LONGEST_WAIT);
        assert_eq!(wait_after(i64::MAX, 0), LONGEST_WAIT);
        // Five failures of one name a second ago: 59 seconds left; other names from the same
        // address have their own count.
        assert_eq!(seconds_left(&standing((5, 100), (5, 100)), 101), 59);
        assert_eq!(seconds_left(&standing((1, 100), (5, 100)), 101), 0);
        // Twenty failures over many names from one address: every name waits.
        assert_eq!(seconds_left(&standing((0, 0), (20, 100)), 130), 30);
        assert_eq!(LoginStanding::default(), LoginStanding::default());
        assert_eq!(seconds_left(&LoginStanding::default(), 1_000), 0);
        assert_eq!(window_start(WINDOW * 3 + 7), WINDOW * 3);
        assert_eq!(wait_text(61), "om 2 minuter");
        assert_eq!(wait_text(1), "om en minut");
    }

    proptest! {
        /// One more failure never shortens the wait, and the wait is never longer than the
        /// longest.
        #[test]
        fn waits_grow_and_stay_bounded(n in 0_i64..10_000, free in 0_i64..50) {
            let (a, b) = (wait_after(n, free), wait_after(n + 1, free));
            prop_assert!(a <= b);
            prop_assert!((0..=LONGEST_WAIT).contains(&b));
        }
    }
}
