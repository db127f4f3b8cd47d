//! The administration share against the förbund's goal.

use super::*;

pub(super) fn administration_share(plan: &Plan, fig: &Figures) -> Vec<Finding> {
    let Some(max) = plan.rules.administration_share_max else {
        return Vec::new();
    };
    let goal = max.as_fraction();
    fig.per_year
        .iter()
        .filter_map(|y| {
            let share = y.administration_share?;
            (share > goal).then(|| {
                Finding::warning(
                    K::AdministrationShareAboveGoal,
                    L::AdministrationShareMax,
                    format!(
                        "Administrationsandelen {} blir {} ({} av kostnaderna {}), över målet {max}.",
                        y.year,
                        percent(share, 1),
                        amount(plan, y.administration_costs),
                        amount(plan, -y.costs),
                    ),
                )
            })
        })
        .collect()
}
