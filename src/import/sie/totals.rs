//! An account's figure for a period from the `#PSALDO` (or `#PBUDGET`) rows
//! of a SIE file, by one rule: its `{}` row where the file has one for that
//! account and period; otherwise the rows of one dimension (the one the
//! mapping names, or the only one the rows use) when together they are the
//! account's movement; otherwise no figure, and the import says so.
//!
//! An object list is a set of dimension–object pairs (SIE 4): a row
//! `{1 "110" 6 "P7"}` is the movement on ansvar 110 *and* project P7, so it
//! belongs to the rows of the dimension set {1, 6}, and per ansvar it is
//! taken as ansvar 110's.

/// The dimensions of an object list, sorted: `{6 "P7" 1 "110"}` → [1, 6].
pub type DimensionSet = Vec<u32>;

/// Every row of one account in one period, summed by what they carry.
#[derive(Debug, Default)]
pub struct Cell {
    /// The sum of the `{}` rows, if there are any.
    total: Option<i128>,
    /// The sums of the rows with objects, per dimension set.
    sets: Vec<(DimensionSet, i128)>,
    /// The sums per object of the dimension asked for, per dimension set
    /// (only kept when the import is per ansvar).
    objects: Vec<(DimensionSet, String, i128)>,
}

/// How an account's figure was found, as the summary counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rule {
    /// From its `{}` rows.
    Total,
    /// From its objects' rows of one dimension set.
    Objects,
}

/// Why an account has no figure: its rows of several dimension sets
/// disagree, with the sets and their sums.
#[derive(Debug)]
pub struct Ambiguous(pub Vec<(DimensionSet, i128)>);

impl Cell {
    /// Adds a row: its object list as (dimension, object) pairs.
    pub fn add(&mut self, pairs: &[(u32, &str)], amount: i128, per_object_of: Option<u32>) {
        if pairs.is_empty() {
            *self.total.get_or_insert(0) += amount;
            return;
        }
        let mut set: DimensionSet = pairs.iter().map(|(d, _)| *d).collect();
        set.sort_unstable();
        set.dedup();
        match self.sets.iter_mut().find(|(s, _)| *s == set) {
            Some((_, sum)) => *sum += amount,
            None => self.sets.push((set.clone(), amount)),
        }
        let Some(dimension) = per_object_of else { return };
        let Some((_, object)) = pairs.iter().find(|(d, _)| *d == dimension) else { return };
        match self.objects.iter_mut().find(|(s, o, _)| *s == set && o == object) {
            Some((_, _, sum)) => *sum += amount,
            None => self.objects.push((set, (*object).to_string(), amount)),
        }
    }

    /// The account's movement in the period, and the rule that found it.
    pub fn total(&self, dimension: u32) -> Result<(i128, Rule), Ambiguous> {
        if let Some(total) = self.total {
            return Ok((total, Rule::Total));
        }
        if let Some((_, sum)) = self.sets.iter().find(|(s, _)| *s == [dimension]) {
            return Ok((*sum, Rule::Objects));
        }
        match self.sets.as_slice() {
            [] => Ok((0, Rule::Total)),
            [(_, sum), rest @ ..] if rest.iter().all(|(_, s)| s == sum) => Ok((*sum, Rule::Objects)),
            sets => Err(Ambiguous(sets.to_vec())),
        }
    }

    /// The movement per object of `dimension`, from one dimension set: the
    /// set {dimension} where the file has it, else the only set that holds
    /// the dimension, else the sets holding it when they agree.
    pub fn objects(&self, dimension: u32) -> Result<Vec<(&str, i128)>, Ambiguous> {
        let mut sets: Vec<&DimensionSet> = Vec::new();
        for (set, _, _) in &self.objects {
            if !sets.contains(&set) {
                sets.push(set);
            }
        }
        let of = |set: &DimensionSet| {
            let mut out: Vec<(&str, i128)> =
                self.objects.iter().filter(|(s, _, _)| s == set).map(|(_, o, v)| (o.as_str(), *v)).collect();
            out.sort_unstable();
            out
        };
        if let Some(single) = sets.iter().find(|s| s.as_slice() == [dimension]) {
            return Ok(of(single));
        }
        match sets.as_slice() {
            [] => Ok(Vec::new()),
            [first, rest @ ..] if rest.iter().all(|s| of(s) == of(first)) => Ok(of(first)),
            _ => Err(Ambiguous(self.sets.iter().filter(|(s, _)| s.contains(&dimension)).cloned().collect())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(rows: &[(&[(u32, &str)], i128)]) -> Cell {
        let mut cell = Cell::default();
        for (pairs, amount) in rows {
            cell.add(pairs, *amount, Some(1));
        }
        cell
    }

    #[test]
    fn the_total_row_wins_where_there_is_one() {
        let c = cell(&[(&[], 100), (&[(1, "110")], 60), (&[(1, "120")], 30)]);
        assert_eq!(c.total(1).unwrap(), (100, Rule::Total));
        assert_eq!(c.objects(1).unwrap(), [("110", 60), ("120", 30)]);
    }

    #[test]
    fn objects_only_are_summed_by_the_dimension_named_or_the_only_one() {
        let c = cell(&[(&[(1, "110")], 60), (&[(1, "120")], 30), (&[(6, "P1")], 85)]);
        assert_eq!(c.total(1).unwrap(), (90, Rule::Objects));
        let c = cell(&[(&[(6, "P1")], 60), (&[(6, "P2")], 30)]);
        assert_eq!(c.total(1).unwrap(), (90, Rule::Objects));
    }

    #[test]
    fn rows_of_several_dimensions_are_one_set_and_project_on_a_dimension() {
        let c = cell(&[
            (&[(1, "Syd"), (6, "0001"), (7, "4")], -50),
            (&[(6, "0002"), (1, "Syd"), (7, "4")], -25),
            (&[(1, "Norr"), (6, "0001"), (7, "5")], -10),
        ]);
        assert_eq!(c.total(1).unwrap(), (-85, Rule::Objects));
        assert_eq!(c.objects(1).unwrap(), [("Norr", -10), ("Syd", -75)]);
    }

    #[test]
    fn sets_that_disagree_give_no_figure() {
        let c = cell(&[(&[(6, "P1")], 60), (&[(7, "K1")], 30)]);
        assert!(c.total(1).is_err());
        let c = cell(&[(&[(6, "P1")], 60), (&[(7, "K1")], 60)]);
        assert_eq!(c.total(1).unwrap(), (60, Rule::Objects));
        let c = cell(&[(&[(1, "110"), (6, "P1")], 60), (&[(1, "120"), (7, "K1")], 60)]);
        assert!(c.objects(1).is_err());
    }
}
