//! The words people read in tables, workbooks and pages, in English or
//! Chinese (`--lang`). JSON keys and CSV column names are not here: they are
//! a contract for scripts and stay English whatever the language.
//!
//! Every phrase is a field of [`Words`], so a language cannot leave one out:
//! a missing translation does not compile.

use std::borrow::Cow;

mod explain;
mod process;
#[cfg(test)]
mod tests;

pub use explain::ExplainWords;
pub use process::ProcessWords;

use crate::scenario::UnitKind;
use crate::simulate::Status;

/// The language of the words people read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    /// The phrases of this language.
    pub fn words(self) -> &'static Words {
        match self {
            Lang::En => &EN,
            Lang::Zh => &ZH,
        }
    }

    /// The HTML `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// A unit kind as a reader sees it.
    pub fn kind(self, kind: UnitKind) -> &'static str {
        match self {
            Lang::En => kind.as_str(),
            Lang::Zh => match kind {
                UnitKind::Department => "部门",
                UnitKind::Bureau => "局",
                UnitKind::Office => "办公室",
                UnitKind::Park => "园区",
                UnitKind::Institution => "事业单位",
                UnitKind::Enterprise => "企业",
                UnitKind::District => "属地",
                UnitKind::Reserve => "储备",
            },
        }
    }

    /// A status as a reader sees it (English keeps the CSV name, which the
    /// tables have always shown).
    pub fn status(self, status: Status) -> &'static str {
        match self {
            Lang::En => status.as_str(),
            Lang::Zh => match status {
                Status::Promoted => "晋升",
                Status::SameLevel => "平级",
                Status::Demoted => "降级",
                Status::Appointed => "组织任命",
                Status::Transferred => "随事划转",
                Status::Fallback => "分流安置",
                Status::RankKept => "保留职级",
                Status::Pooled => "待岗",
                Status::Exited => "退出",
                Status::Retired => "退休",
                Status::DidNotCompete => "未参加竞聘",
            },
        }
    }

    /// A status given by its CSV name (a transition column); other text as it is.
    pub fn status_name(self, name: &str) -> Cow<'static, str> {
        match Status::ALL.into_iter().find(|s| s.as_str() == name) {
            Some(status) => Cow::Borrowed(self.status(status)),
            None => Cow::Owned(name.to_string()),
        }
    }

    /// A run figure given by its JSON key (batch and compare tables): the
    /// key in English, as the tables have always shown it; a phrase in
    /// Chinese, or the key for a figure this version has no phrase for.
    pub fn figure(self, key: &str) -> Cow<'static, str> {
        if self == Lang::En {
            return Cow::Owned(key.to_string());
        }
        let phrase = match key {
            "units_before" => "改革前机构数",
            "units_after" => "改革后机构数",
            "units_external" => "体系外机构数",
            "people" => "人员",
            "posts" => "岗位数",
            "placed" => "竞聘上岗",
            "promoted" => "晋升",
            "same_level" => "平级",
            "demoted" => "降级",
            "appointed" => "组织任命",
            "transferred" => "随事划转",
            "fallback" => "分流安置",
            "rank_kept" => "保留职级",
            "pooled" => "待岗",
            "exited" => "退出",
            "retired" => "退休",
            "did_not_compete" => "未参加竞聘",
            "headcount_after" => "改革后体系内人数",
            "establishment_after" => "改革后编制数",
            "leaders_before" => "改革前领导干部",
            "leaders_after" => "改革后领导干部",
            "leaders_without_post" => "失去领导职务的领导干部",
            "leaders_rank_kept" => "其中保留职级",
            "leadership_posts_before" => "改革前领导职数",
            "leadership_posts_after" => "改革后领导职数",
            "leader_age_before" => "改革前领导干部平均年龄",
            "leader_age_after" => "改革后领导干部平均年龄",
            "head_level" => "正职层级",
            "youngest_head_age" => "最年轻正职年龄",
            "youngest_head" => "最年轻正职",
            "vacancies" => "空缺岗位",
            "stranded" => "有空岗仍落选",
            "outsiders_placed" => "公开招聘录用",
            "displaced" => "被外部人员挤出",
            other => return Cow::Owned(other.to_string()),
        };
        Cow::Borrowed(phrase)
    }
}

/// A phrase with its `{name}` marks replaced by their values, in one pass
/// (a value that itself holds `{name}`, such as a scenario's text, stays as
/// it is). A mark with no value stays as written.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let value = after.find('}').and_then(|close| {
            let name = &after[1..close];
            values
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value, close))
        });
        match value {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every fixed phrase of the human-readable outputs.
#[derive(Debug, serde::Serialize)]
pub struct Words {
    // Run: intro and summary.
    /// "Seed"
    pub seed: &'static str,
    /// "Units by kind"
    pub units_by_kind: &'static str,
    /// "Units by depth" (bodies and internal units)
    pub units_by_depth: &'static str,
    /// "bodies" (units with no parent)
    pub bodies: &'static str,
    /// "internal units" (内设机构, depth 1)
    pub internal_units: &'static str,
    /// "depth" (of deeper internal units)
    pub depth: &'static str,
    /// "concurrent" (seats held concurrently, 兼任)
    pub concurrent: &'static str,
    /// "outside"
    pub outside: &'static str,
    /// "Summary"
    pub summary: &'static str,
    /// "figure"
    pub figure: &'static str,
    /// "value"
    pub value: &'static str,
    /// "units before → after"
    pub units_before_after: &'static str,
    /// "outside the structure" (after a count)
    pub outside_structure: &'static str,
    /// "people"
    pub people: &'static str,
    /// "posts"
    pub posts: &'static str,
    /// "leadership posts before → after"
    pub leadership_posts: &'static str,
    /// "people in the structure after"
    pub headcount_after: &'static str,
    /// "establishment"
    pub establishment: &'static str,
    /// "at" (the establishment)
    pub at: &'static str,
    /// "over" (the establishment)
    pub over: &'static str,
    /// "under" (the establishment)
    pub under: &'static str,
    /// "placed"
    pub placed: &'static str,
    /// "promoted"
    pub promoted: &'static str,
    /// "same level"
    pub same_level: &'static str,
    /// "demoted"
    pub demoted: &'static str,
    /// "transferred with their work"
    pub transferred: &'static str,
    /// "fallback"
    pub fallback: &'static str,
    /// "rank kept without a post"
    pub rank_kept: &'static str,
    /// "pooled"
    pub pooled: &'static str,
    /// "exited"
    pub exited: &'static str,
    /// "retired"
    pub retired: &'static str,
    /// "did not compete"
    pub did_not_compete: &'static str,
    /// "leaders before → after"
    pub leaders: &'static str,
    /// "leaders without a post (rank kept)"
    pub leaders_without_post: &'static str,
    /// "average age of leaders before → after"
    pub leader_age: &'static str,
    /// "youngest" (before the head level's name)
    pub youngest: &'static str,
    /// "vacancies"
    pub vacancies: &'static str,
    /// "appointed" (before the rounds)
    pub appointed: &'static str,
    /// "without a post beside an empty seat"
    pub stranded: &'static str,
    /// "seats won by outsiders" (公开招聘)
    pub outsiders_placed: &'static str,
    /// "insiders displaced by outsiders"
    pub displaced: &'static str,
    // Run: the other tables.
    /// Title of the units table.
    pub units_title: &'static str,
    /// "unit"
    pub unit: &'static str,
    /// "from"
    pub from: &'static str,
    /// "inherited"
    pub inherited: &'static str,
    /// "filled"
    pub filled: &'static str,
    /// "seats"
    pub seats: &'static str,
    /// "in"
    pub received: &'static str,
    /// "cut-off"
    pub cutoff: &'static str,
    /// "(outside)" after a unit
    pub outside_mark: &'static str,
    /// "more" in "+3 more"
    pub more: &'static str,
    /// Title of the posts matrix.
    pub posts_title: &'static str,
    /// "Headcount by level"
    pub levels_title: &'static str,
    /// "level"
    pub level: &'static str,
    /// "name"
    pub name: &'static str,
    /// "before"
    pub before: &'static str,
    /// "after"
    pub after: &'static str,
    /// "change"
    pub change: &'static str,
    /// Title of the transitions matrix.
    pub transitions_title: &'static str,
    /// "from \ to"
    pub from_to: &'static str,
    /// "total"
    pub total: &'static str,
    /// "Largest flows of people"
    pub flows_title: &'static str,
    /// "to"
    pub to: &'static str,
    /// "Monthly payroll"
    pub payroll_title: &'static str,
    /// "paid after"
    pub paid_after: &'static str,
    /// "pay"
    pub pay: &'static str,
    /// "base"
    pub base: &'static str,
    /// "performance"
    pub performance: &'static str,
    /// "Rounds"
    pub rounds_title: &'static str,
    /// "round"
    pub round: &'static str,
    /// "date"
    pub date: &'static str,
    /// "levels"
    pub levels: &'static str,
    /// "applied"
    pub applied: &'static str,
    /// "2nd pass"
    pub second_pass: &'static str,
    /// "vacant"
    pub vacant: &'static str,
    /// "People"
    pub people_title: &'static str,
    /// "id"
    pub id: &'static str,
    /// "status"
    pub status: &'static str,
    /// "choice"
    pub choice: &'static str,
    /// "kind"
    pub kind: &'static str,
    /// "age"
    pub age: &'static str,
    /// "score"
    pub score: &'static str,
    /// "appraisal"
    pub appraisal: &'static str,
    /// "reason"
    pub reason: &'static str,
    // Batch and compare.
    /// "run" (one)
    pub run: &'static str,
    /// "runs" (several)
    pub runs: &'static str,
    /// "grid points"
    pub grid_points: &'static str,
    /// "point"
    pub point: &'static str,
    /// "mean"
    pub mean: &'static str,
    /// "sd"
    pub sd: &'static str,
    /// "Comparison"
    pub comparison: &'static str,
    /// "noise"
    pub noise: &'static str,
    /// "beyond noise"
    pub beyond_noise: &'static str,
    /// "yes"
    pub yes: &'static str,
    /// "no"
    pub no: &'static str,
    // Figures of the HTML report.
    /// Title of the Sankey of people.
    pub sankey_title: &'static str,
    /// Under it.
    pub sankey_note: &'static str,
    /// Title of the Sankey of levels.
    pub level_sankey_title: &'static str,
    /// Title of the org charts.
    pub org_title: &'static str,
    /// "Before the reform"
    pub before_reform: &'static str,
    /// "After the reform"
    pub after_reform: &'static str,
    /// "Level pyramid"
    pub pyramid_title: &'static str,
    /// Title of the rounds chart.
    pub rounds_chart_title: &'static str,
    /// Title of the tables part.
    pub tables_title: &'static str,
    /// "people" after a number in a tooltip
    pub persons: &'static str,
    // Sheet names (at most 31 characters).
    /// "Units"
    pub sheet_units: &'static str,
    /// "Posts"
    pub sheet_posts: &'static str,
    /// "Levels"
    pub sheet_levels: &'static str,
    /// "Transitions"
    pub sheet_transitions: &'static str,
    /// "Flows"
    pub sheet_flows: &'static str,
    /// "Payroll"
    pub sheet_payroll: &'static str,
    /// "leadership"
    pub leadership: &'static str,
    /// "outside the structure" as a column
    pub external: &'static str,
    /// "transferred" as a column
    pub transferred_short: &'static str,
    /// "headcount"
    pub headcount: &'static str,
    /// "function"
    pub function: &'static str,
    /// "born"
    pub born: &'static str,
    /// "key" (the JSON key of a figure)
    pub key: &'static str,
    /// "planned"
    pub planned: &'static str,
    /// "difference"
    pub difference: &'static str,
    /// "settings"
    pub settings: &'static str,
    // Establishment (编制) and posts (职数) per unit.
    /// Title of the table of people and posts per unit, before and after.
    pub before_units_title: &'static str,
    /// "leaders"
    pub leaders_short: &'static str,
    /// "leadership posts"
    pub leadership_posts_short: &'static str,
    /// "over (+) / under (−)" the establishment, as a column
    pub over_under: &'static str,
    /// Title of the establishment types table.
    pub types_title: &'static str,
    /// "establishment type"
    pub establishment_type: &'static str,
    /// "cap"
    pub cap: &'static str,
    /// "side" (before or after)
    pub side: &'static str,
    /// Sheet "Units before"
    pub sheet_before_units: &'static str,
    /// Sheet "Establishment types"
    pub sheet_types: &'static str,
    /// Sheet "Processes"
    pub sheet_processes: &'static str,
    /// The process tables (`reorg process`, and `reorg run` with processes).
    pub process: ProcessWords,
    /// `reorg explain`'s tables.
    pub explain: ExplainWords,
}

/// English: the phrases the tables have always shown.
pub const EN: Words = Words {
    seed: "Seed",
    units_by_kind: "Units by kind",
    units_by_depth: "Units by depth",
    bodies: "bodies",
    internal_units: "internal units",
    depth: "depth",
    concurrent: "concurrent",
    outside: "outside",
    summary: "Summary",
    figure: "figure",
    value: "value",
    units_before_after: "units before → after",
    outside_structure: "outside the structure",
    people: "people",
    posts: "posts",
    leadership_posts: "leadership posts before → after",
    headcount_after: "people in the structure after",
    establishment: "establishment",
    at: "at",
    over: "over",
    under: "under",
    placed: "placed",
    promoted: "promoted",
    same_level: "same level",
    demoted: "demoted",
    transferred: "transferred with their work",
    fallback: "fallback",
    rank_kept: "rank kept without a post",
    pooled: "pooled",
    exited: "exited",
    retired: "retired",
    did_not_compete: "did not compete",
    leaders: "leaders before → after",
    leaders_without_post: "leaders without a post (rank kept)",
    leader_age: "average age of leaders before → after",
    youngest: "youngest",
    vacancies: "vacancies",
    appointed: "appointed",
    stranded: "without a post beside an empty seat",
    outsiders_placed: "seats won by outsiders",
    displaced: "insiders displaced by outsiders",
    units_title: "Units after the merge (filled/seats; in: moved in without a post; cut-off: lowest score admitted)",
    unit: "unit",
    from: "from",
    inherited: "inherited",
    filled: "filled",
    seats: "seats",
    received: "in",
    cutoff: "cut-off",
    outside_mark: " (outside)",
    more: "more",
    posts_title: "Posts filled by unit and level (filled/seats)",
    levels_title: "Headcount by level",
    level: "level",
    name: "name",
    before: "before",
    after: "after",
    change: "change",
    transitions_title: "Transitions: level before (rows) to level or status after (columns)",
    from_to: "from \\ to",
    total: "total",
    flows_title: "Largest flows of people",
    to: "to",
    payroll_title: "Monthly payroll",
    paid_after: "paid after",
    pay: "pay",
    base: "base",
    performance: "performance",
    rounds_title: "Rounds",
    round: "round",
    date: "date",
    levels: "levels",
    applied: "applied",
    second_pass: "2nd pass",
    vacant: "vacant",
    people_title: "People",
    id: "id",
    status: "status",
    choice: "choice",
    kind: "kind",
    age: "age",
    score: "score",
    appraisal: "appraisal",
    reason: "reason",
    run: "run",
    runs: "runs",
    grid_points: "grid points",
    point: "Point",
    mean: "mean",
    sd: "sd",
    comparison: "Comparison",
    noise: "noise",
    beyond_noise: "beyond noise",
    yes: "yes",
    no: "no",
    sankey_title: "Where people went: units before → units after and other destinations",
    sankey_note: "Band width is people. Hover over a band or a unit for its numbers.",
    level_sankey_title: "Levels before → levels or destinations after",
    org_title: "Organisation before and after",
    before_reform: "Before",
    after_reform: "After",
    pyramid_title: "People by level, before and after",
    rounds_chart_title: "Rounds: applied, placed and seats left vacant",
    tables_title: "Tables",
    persons: "people",
    sheet_units: "Units",
    sheet_posts: "Posts",
    sheet_levels: "Levels",
    sheet_transitions: "Transitions",
    sheet_flows: "Flows",
    sheet_payroll: "Payroll",
    leadership: "leadership",
    external: "outside the structure",
    transferred_short: "transferred",
    headcount: "headcount",
    function: "function",
    born: "born",
    key: "key",
    planned: "planned",
    difference: "difference",
    settings: "settings",
    before_units_title: "Units before and after: people (leaders), posts (leadership posts), establishment",
    leaders_short: "leaders",
    leadership_posts_short: "leadership posts",
    over_under: "over/under",
    types_title: "People per establishment type against its cap (+ over, - under)",
    establishment_type: "establishment type",
    cap: "cap",
    side: "when",
    sheet_before_units: "Units before",
    sheet_types: "Establishment types",
    sheet_processes: "Processes",
    process: process::EN,
    explain: explain::EN,
};

/// Simplified Chinese.
pub const ZH: Words = Words {
    seed: "随机种子",
    units_by_kind: "各类机构",
    units_by_depth: "机构层级",
    bodies: "机构",
    internal_units: "内设机构",
    depth: "层级",
    concurrent: "兼任",
    outside: "体系外",
    summary: "概况",
    figure: "指标",
    value: "数值",
    units_before_after: "机构数 改革前 → 改革后",
    outside_structure: "个在新机构体系外",
    people: "人员",
    posts: "岗位数",
    leadership_posts: "领导职数 改革前 → 改革后",
    headcount_after: "改革后新机构内人员",
    establishment: "编制",
    at: "满编",
    over: "超编",
    under: "缺编",
    placed: "竞聘上岗",
    promoted: "晋升",
    same_level: "平级",
    demoted: "降级",
    transferred: "人随事走划转",
    fallback: "分流安置",
    rank_kept: "保留职级（无职务）",
    pooled: "待岗",
    exited: "退出",
    retired: "退休",
    did_not_compete: "未参加竞聘",
    leaders: "领导干部 改革前 → 改革后",
    leaders_without_post: "失去领导职务的领导干部（其中保留职级）",
    leader_age: "领导干部平均年龄 改革前 → 改革后",
    youngest: "最年轻的",
    vacancies: "空缺岗位",
    appointed: "组织任命",
    stranded: "有空岗仍落选",
    outsiders_placed: "公开招聘录用",
    displaced: "被外部人员挤出",
    units_title: "改革后机构（已聘/职数；转入：无岗位转入人员；分数线：录取最低分）",
    unit: "机构",
    from: "来源",
    inherited: "承接人员",
    filled: "已聘",
    seats: "职数",
    received: "转入",
    cutoff: "分数线",
    outside_mark: "（体系外）",
    more: "个",
    posts_title: "各机构各层级岗位（已聘/职数）",
    levels_title: "各层级人数",
    level: "层级",
    name: "名称",
    before: "改革前",
    after: "改革后",
    change: "变化",
    transitions_title: "层级流转：改革前层级（行）→ 改革后层级或去向（列）",
    from_to: "原 \\ 新",
    total: "合计",
    flows_title: "主要人员流向",
    to: "去向",
    payroll_title: "月度工资",
    paid_after: "改革后发放人数",
    pay: "工资",
    base: "基本工资",
    performance: "绩效工资",
    rounds_title: "竞聘轮次",
    round: "轮次",
    date: "日期",
    levels: "层级",
    applied: "报名",
    second_pass: "二次竞聘",
    vacant: "空缺",
    people_title: "人员名单",
    id: "编号",
    status: "结果",
    choice: "志愿",
    kind: "类别",
    age: "年龄",
    score: "得分",
    appraisal: "考核分",
    reason: "原因",
    run: "次运行",
    runs: "次运行",
    grid_points: "个参数组合",
    point: "参数组合",
    mean: "均值",
    sd: "标准差",
    comparison: "方案对比",
    noise: "随机波动",
    beyond_noise: "超出随机波动",
    yes: "是",
    no: "否",
    sankey_title: "人员去向：原机构 → 新机构及其他去向",
    sankey_note: "色带宽度为人数。鼠标悬停可查看具体数字。",
    level_sankey_title: "层级流转：原层级 → 新层级或去向",
    org_title: "改革前后机构设置",
    before_reform: "改革前",
    after_reform: "改革后",
    pyramid_title: "各层级人数（改革前后）",
    rounds_chart_title: "各轮竞聘：报名、聘用与空缺",
    tables_title: "数据表",
    persons: "人",
    sheet_units: "机构",
    sheet_posts: "岗位",
    sheet_levels: "层级",
    sheet_transitions: "层级流转",
    sheet_flows: "人员流向",
    sheet_payroll: "工资",
    leadership: "领导职务",
    external: "新机构体系外",
    transferred_short: "划转",
    headcount: "人数",
    function: "职能",
    born: "出生年份",
    key: "字段",
    planned: "计划次数",
    difference: "差值",
    settings: "参数",
    before_units_title: "各机构人数（领导）与职数（领导职数）；超/缺编：人数减编制数",
    leaders_short: "领导",
    leadership_posts_short: "领导职数",
    over_under: "超/缺编",
    types_title: "各编制类型人数与编制数（+ 超编，- 缺编）",
    establishment_type: "编制类型",
    cap: "编制数",
    side: "时点",
    sheet_before_units: "改革前机构",
    sheet_types: "编制类型",
    sheet_processes: "流程",
    process: process::ZH,
    explain: explain::ZH,
};
