//! The words of `reorg explain`'s tables, in English and Chinese. A field of
//! [`Words`](super::Words); kept in its own file so that `labels.rs` stays
//! one concern a screen can hold. `{name}` marks a value filled in. The
//! rule behind an exclusion is worded by the rule itself (English).

/// Every fixed phrase of an explanation.
#[derive(Debug, serde::Serialize)]
pub struct ExplainWords {
    /// Title before the scenario's name.
    pub title: &'static str,
    /// First intro line: `{seed}`, `{run}`, `{version}`.
    pub intro: &'static str,
    /// Second intro line: what scores and cut-offs are.
    pub scores: &'static str,
    /// Title of a person's lists, after their id.
    pub lists_filed: &'static str,
    /// "pass"
    pub pass: &'static str,
    /// "post"
    pub post: &'static str,
    /// "result"
    pub result: &'static str,
    /// "taken by"
    pub taken_by: &'static str,
    /// "gap"
    pub gap: &'static str,
    /// "why"
    pub why: &'static str,
    /// "nearest miss"
    pub nearest_miss: &'static str,
    /// "first" (pass)
    pub first: &'static str,
    /// "second" (pass)
    pub second: &'static str,
    /// Placed: `{post}`, `{round}`, `{pass}`, `{rank}`, `{score}`.
    pub placed: &'static str,
    /// Settled before the rounds: `{reason}`.
    pub settled: &'static str,
    /// Never eligible: `{reason}`.
    pub never_eligible: &'static str,
    /// No open post: `{reason}`.
    pub no_open_post: &'static str,
    /// Outscored everywhere: `{reason}`.
    pub outscored: &'static str,
    /// Where the nearest miss was: `{post}`, `{cutoff}`, `{round}`, `{pass}`, `{rank}`.
    pub miss_at: &'static str,
    /// Who took that seat: `{who}`.
    pub miss_by: &'static str,
    /// A tie: `{at}`, `{by}`.
    pub miss_tied: &'static str,
    /// Below the cut-off: `{gap}`, `{at}`, `{by}`.
    pub miss_below: &'static str,
    /// A level a round let them apply for.
    pub may_apply: &'static str,
    /// A level a round closed to them: `{rule}`.
    pub excluded: &'static str,
    /// Their part in a round: settled before the rounds.
    pub part_settled: &'static str,
    /// Already placed.
    pub part_placed_earlier: &'static str,
    /// Could not apply.
    pub part_not_eligible: &'static str,
    /// No open post, no list.
    pub part_no_open_post: &'static str,
    /// Filed a list, not placed.
    pub part_not_placed: &'static str,
    /// Placed.
    pub part_placed: &'static str,
    /// A choice won.
    pub won: &'static str,
    /// A choice lost.
    pub lost: &'static str,
    /// A choice below the one they won.
    pub not_needed: &'static str,
}

/// English: the phrases the tables have always shown.
pub const EN: ExplainWords = ExplainWords {
    title: "Explanation",
    intro: "seed {seed}, run {run}, reorg {version}.",
    scores: "Scores are what each unit gave; a post's cut-off is the lowest score it placed in that pass.",
    lists_filed: "lists filed",
    pass: "pass",
    post: "post",
    result: "result",
    taken_by: "taken by",
    gap: "gap",
    why: "why",
    nearest_miss: "nearest miss",
    first: "first",
    second: "second",
    placed: "placed at {post} in round {round}, {pass} pass, choice {rank}, with {score}",
    settled: "settled before the rounds: {reason}",
    never_eligible: "no round let them apply for any of its levels (below); {reason}",
    no_open_post: "no open post they may take (level, establishment type) when their rounds came, so no list filed; {reason}",
    outscored: "outscored at every post they listed; {reason}",
    miss_at: "the cut-off of {post} ({cutoff}, round {round}, {pass} pass, choice {rank})",
    miss_by: ", taken by {who}",
    miss_tied: "tied with {at}, lost on roster order{by}",
    miss_below: "{gap} points below {at}{by}",
    may_apply: "may apply",
    excluded: "no ({rule})",
    part_settled: "settled before the rounds",
    part_placed_earlier: "already placed",
    part_not_eligible: "could not apply",
    part_no_open_post: "no open post they may take: no list",
    part_not_placed: "filed, not placed",
    part_placed: "placed",
    won: "won",
    lost: "lost",
    not_needed: "not needed",
};

/// Simplified Chinese.
pub const ZH: ExplainWords = ExplainWords {
    title: "结果说明",
    intro: "随机种子 {seed}，第 {run} 次运行，reorg {version}。",
    scores: "得分为各机构给出的分数；岗位分数线为该轮次中录取的最低分。",
    lists_filed: "填报志愿",
    pass: "批次",
    post: "岗位",
    result: "结果",
    taken_by: "录取者",
    gap: "差距",
    why: "原因",
    nearest_miss: "最接近的落选",
    first: "第一次",
    second: "第二次",
    placed: "在第 {round} 轮{pass}竞聘中以第 {rank} 志愿、{score} 分聘任至 {post}",
    settled: "竞聘前已安置：{reason}",
    never_eligible: "没有任何轮次允许其报名（见下）；{reason}",
    no_open_post: "其可报名的轮次中没有可竞聘的空缺岗位（层级、编制类型），未填报志愿；{reason}",
    outscored: "所填报的每个岗位均未达到分数线；{reason}",
    miss_at: "{post} 的分数线（{cutoff}，第 {round} 轮{pass}竞聘，第 {rank} 志愿）",
    miss_by: "，由 {who} 录取",
    miss_tied: "与{at}同分，按名册顺序落选{by}",
    miss_below: "低于{at} {gap} 分{by}",
    may_apply: "可报名",
    excluded: "不可报名（{rule}）",
    part_settled: "竞聘前已安置",
    part_placed_earlier: "此前已聘任",
    part_not_eligible: "不可报名",
    part_no_open_post: "无可竞聘的空缺岗位：未填报",
    part_not_placed: "已填报，未聘任",
    part_placed: "聘任",
    won: "录取",
    lost: "落选",
    not_needed: "无需比较",
};
