//! The priced choice of areas (Lagrangian relaxation of the slot count); see the parent module.

use super::Ctx;

impl Ctx<'_> {
    /// The areas worth opening at a price per slot (see the parent module), chosen by bisection on
    /// the price so that they can just fill the model share.
    pub(super) fn priced_areas(&self, eligible: &[bool]) -> Vec<bool> {
        let m = self.targets.model_target as usize;
        let mut low = -1.0; // every candidate is worth its slot: the most the areas can take
        let mut high = 1.0; // none is
        if self.at_price(eligible, low).1 >= m {
            for _ in 0..64 {
                let mid = (low + high) / 2.0;
                if self.at_price(eligible, mid).1 >= m {
                    low = mid;
                } else {
                    high = mid;
                }
            }
        }
        self.at_price(eligible, low).0
    }

    /// At `price` per slot: the `max_areas` areas of highest positive profit, and the slots they take.
    fn at_price(&self, eligible: &[bool], price: f64) -> (Vec<bool>, usize) {
        let mut offers: Vec<(f64, usize, usize, usize)> = Vec::new();
        for area in (0..self.areas.count()).filter(|&a| eligible[a]) {
            let above = self.areas.probabilities(area).partition_point(|&p| p > price);
            let take = above.max(self.k);
            let profit = self.areas.best_sum(area, take) - price * take as f64;
            if profit > 0.0 {
                offers.push((profit, self.areas.positions(area)[0], area, take));
            }
        }
        offers.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        offers.truncate(self.max_areas);
        let mut chosen = vec![false; self.areas.count()];
        let mut slots = 0;
        for &(_, _, area, take) in &offers {
            chosen[area] = true;
            slots += take;
        }
        (chosen, slots)
    }
}
