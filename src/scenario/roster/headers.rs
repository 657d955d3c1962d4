//! What a header of an HR export means: the roster column a Chinese or
//! English header stands for (`出生年月` is `born`, `考核结果` is `score`),
//! and whether a yes/no column says who competes (`是否参加竞聘`) or who
//! does not (`不参加竞聘`, `opt_out`).
//!
//! Used to report an unread column by what it probably holds, to propose a
//! ready-to-paste `[roster] columns` mapping, to find a header row below a
//! title, and by `reorg init` to map a new roster.

/// A header recognised as a roster column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recognised {
    /// The roster column it stands for.
    pub column: &'static str,
    /// True for a yes/no column that says who *competes*: read as `opt_out`,
    /// its values must be inverted (`values.opt_out = { "是" = false, "否" = true }`).
    pub inverted: bool,
}

/// Headers as exports write them, normalised (lowercase, no spaces,
/// punctuation or brackets), for each roster column.
const KNOWN: &[(&str, &[&str])] = &[
    (
        "id",
        &[
            "id",
            "工号",
            "职工号",
            "员工号",
            "员工编号",
            "人员编号",
            "职工编号",
            "人员代码",
            "编号",
            "staffid",
            "staffno",
            "staffnumber",
            "employeeid",
            "employeeno",
            "employeenumber",
            "personnelno",
        ],
    ),
    (
        "name",
        &[
            "name",
            "姓名",
            "名字",
            "fullname",
            "staffname",
            "employeename",
        ],
    ),
    (
        "unit",
        &[
            "unit",
            "部门",
            "单位",
            "所在单位",
            "所在部门",
            "工作单位",
            "现单位",
            "现工作单位",
            "现任职单位",
            "处室",
            "科室",
            "机构",
            "department",
            "dept",
            "organisation",
            "organization",
            "office",
        ],
    ),
    (
        "level",
        &[
            "level",
            "职级",
            "职务",
            "级别",
            "现职级",
            "现职务",
            "现任职务",
            "职务级别",
            "职务层次",
            "层级",
            "岗位等级",
            "rank",
            "positionlevel",
            "joblevel",
        ],
    ),
    (
        "born",
        &[
            "born",
            "出生年月",
            "出生日期",
            "出生年份",
            "出生年",
            "出生时间",
            "出生年月日",
            "生日",
            "birth",
            "birthyear",
            "birthdate",
            "dateofbirth",
            "yearofbirth",
            "dob",
        ],
    ),
    (
        "score",
        &[
            "score",
            "考核分",
            "考核得分",
            "考核分数",
            "考核成绩",
            "考核结果",
            "年度考核",
            "年度考核结果",
            "考核等次",
            "考核等级",
            "考核",
            "绩效",
            "绩效得分",
            "绩效分",
            "评分",
            "得分",
            "综合得分",
            "测评得分",
            "appraisal",
            "appraisalscore",
            "appraisalgrade",
            "rating",
            "performance",
            "performancescore",
        ],
    ),
    ("gender", &["gender", "性别", "sex"]),
    (
        "function",
        &[
            "function",
            "职能",
            "业务",
            "从事业务",
            "分管业务",
            "业务类别",
            "工作职能",
            "岗位职能",
        ],
    ),
    (
        "establishment",
        &[
            "establishment",
            "编制",
            "编制类型",
            "编制性质",
            "编制类别",
            "人员类别",
            "人员身份",
            "身份",
            "contracttype",
            "employmenttype",
        ],
    ),
    ("tags", &["tags", "tag", "标签", "labels"]),
    (
        "opt_out",
        &[
            "optout",
            "不参加竞聘",
            "是否不参加竞聘",
            "不参与竞聘",
            "免于竞聘",
            "免竞聘",
            "不竞聘",
            "退出竞聘",
            "notcompeting",
            "doesnotcompete",
            "exempt",
        ],
    ),
];

/// Headers of a yes/no column that says who competes: `opt_out` inverted.
const COMPETES: &[&str] = &[
    "是否参加竞聘",
    "参加竞聘",
    "是否参与竞聘",
    "参与竞聘",
    "是否竞聘",
    "竞聘",
    "competes",
    "compete",
    "competing",
    "iscompeting",
    "participates",
    "participating",
];

/// A header reduced to what identifies it: lowercase, without spaces,
/// underscores, hyphens, dots, colons or brackets (`出生年月（年.月）` keeps
/// `出生年月年月`, so bracketed notes still match by the fallbacks below).
fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '_' | '-' | '.' | ':' | '：' | '(' | ')' | '（' | '）' | '*' | '/' | '、'
                )
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The roster column a header stands for, if it is recognised.
pub fn recognise(header: &str) -> Option<Recognised> {
    let key = normalise(header);
    if key.is_empty() {
        return None;
    }
    if COMPETES.contains(&key.as_str()) {
        return Some(Recognised {
            column: "opt_out",
            inverted: true,
        });
    }
    for (column, names) in KNOWN {
        if names.contains(&key.as_str()) {
            return Some(Recognised {
                column,
                inverted: false,
            });
        }
    }
    // Chinese headers with a note attached (`出生年月（年.月）`, `2016年度考核结果`).
    let fallback = |column| {
        Some(Recognised {
            column,
            inverted: false,
        })
    };
    if key.contains("竞聘") || key.contains("竞岗") {
        let negated = ["不", "免", "退出", "放弃"].iter().any(|n| key.contains(n));
        return Some(Recognised {
            column: "opt_out",
            inverted: !negated,
        });
    }
    if key.contains("出生") {
        return fallback("born");
    }
    if key.contains("考核") || key.contains("绩效") {
        return fallback("score");
    }
    if key.contains("性别") {
        return fallback("gender");
    }
    if key.contains("编制") {
        return fallback("establishment");
    }
    if key.contains("姓名") {
        return fallback("name");
    }
    if key.contains("工号") {
        return fallback("id");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(header: &str) -> Option<(&'static str, bool)> {
        recognise(header).map(|r| (r.column, r.inverted))
    }

    #[test]
    fn chinese_and_english_headers_are_recognised() {
        assert_eq!(column("工号"), Some(("id", false)));
        assert_eq!(column(" 出生年月 "), Some(("born", false)));
        assert_eq!(column("出生年月（年.月）"), Some(("born", false)));
        assert_eq!(column("2016年度考核结果"), Some(("score", false)));
        assert_eq!(column("Date of Birth"), Some(("born", false)));
        assert_eq!(column("Staff_No"), Some(("id", false)));
        assert_eq!(column("性别"), Some(("gender", false)));
        assert_eq!(column("籍贯"), None);
        assert_eq!(column("备注"), None);
        assert_eq!(column(""), None);
    }

    #[test]
    fn a_column_of_who_competes_is_opt_out_inverted() {
        assert_eq!(column("是否参加竞聘"), Some(("opt_out", true)));
        assert_eq!(column("是否参加本次竞聘"), Some(("opt_out", true)));
        assert_eq!(column("Competes"), Some(("opt_out", true)));
        assert_eq!(column("不参加竞聘"), Some(("opt_out", false)));
        assert_eq!(column("是否放弃竞聘"), Some(("opt_out", false)));
        assert_eq!(column("opt_out"), Some(("opt_out", false)));
    }
}
