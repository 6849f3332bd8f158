//! Contact details from the preamble, and the publication date from the signature.

use std::sync::LazyLock;

use regex::Regex;

use crate::chinese::date_line;
use crate::document::Document;
use crate::model::{Contact, Date};

use super::sections::SectionSpan;

/// Characters that end a field's value in running text.
const FIELD_END: &str = "，；,;）)。\n";

static ADDRESS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:通讯|通信|办公|联系)?地址\s*[：:]\s*([^{FIELD_END}]+)"
    ))
    .expect("address regex")
});

static PHONE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:联系|咨询|办公|服务)?电话(?:号码)?\s*[：:]\s*([（(]?[0-9０-９][0-9０-９（）()\-—–－ ]*[0-9０-９])",
    )
    .expect("phone regex")
});

static EMAIL_LABELLED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:电子邮箱|电子信箱|电子邮件|邮箱|e-?mail)\s*[：:]\s*([^\s，；,;）)。：:]+@[^\s，；,;）)。：:]+)")
        .expect("email regex")
});

static EMAIL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+").expect("email regex")
});

static WEBSITE_LABELLED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"网址\s*[：:]\s*([^\s{FIELD_END}]+)")).expect("website regex")
});

static URL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+=%]+").expect("url regex")
});

pub fn contact(preamble: &str) -> Contact {
    let capture = |re: &Regex| {
        re.captures(preamble)
            .map(|c| c[1].trim().to_string())
            .filter(|s| !s.is_empty())
    };
    Contact {
        address: capture(&ADDRESS_RE),
        phone: capture(&PHONE_RE),
        email: capture(&EMAIL_LABELLED_RE)
            .map(|e| e.trim_end_matches('.').to_string())
            .or_else(|| EMAIL_RE.find(preamble).map(|m| m.as_str().to_string())),
        website: capture(&WEBSITE_LABELLED_RE).or_else(|| {
            URL_RE
                .find(preamble)
                .map(|m| m.as_str().trim_end_matches(['.', ',']).to_string())
        }),
    }
}

pub fn publication_date(doc: &Document, spans: &[SectionSpan]) -> Option<Date> {
    if let Some(signature) = spans.iter().find(|s| s.key == "signature") {
        return doc.blocks[signature.blocks.clone()]
            .iter()
            .filter_map(|b| b.as_line())
            .filter_map(|l| date_line(&l.text))
            .next_back();
    }
    let last = doc.lines().rev().find(|l| !l.text.trim().is_empty())?;
    date_line(&last.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_fields_as_printed() {
        let c = contact(
            "报告电子版可从威海市文登区人民政府门户网站（网址：http://www.wendeng.gov.cn）政府信息公开专栏查阅。\
             请与党政办联系（地址：威海市文登区张家产镇龙缘路3号，电话：0631-8731088）。",
        );
        assert_eq!(c.address.as_deref(), Some("威海市文登区张家产镇龙缘路3号"));
        assert_eq!(c.phone.as_deref(), Some("0631-8731088"));
        assert_eq!(c.email, None);
        assert_eq!(c.website.as_deref(), Some("http://www.wendeng.gov.cn"));
    }

    #[test]
    fn contact_with_em_dash_email_and_bare_url() {
        let c = contact(
            "门户网站（https://www.weihai.gov.cn/）查阅。（地址：文山东路86号；联系电话：0631—8988877；\
             电子邮箱：abc.d@zb.shandong.com）",
        );
        assert_eq!(c.address.as_deref(), Some("文山东路86号"));
        assert_eq!(c.phone.as_deref(), Some("0631—8988877"));
        assert_eq!(c.email.as_deref(), Some("abc.d@zb.shandong.com"));
        assert_eq!(c.website.as_deref(), Some("https://www.weihai.gov.cn/"));
        assert_eq!(contact("本报告无联系方式。"), Contact::default());
    }

    #[test]
    fn website_label_is_not_an_address() {
        let c = contact("网址：www.example.gov.cn，咨询电话：（0531）12345678。");
        assert_eq!(c.address, None);
        assert_eq!(c.website.as_deref(), Some("www.example.gov.cn"));
        assert_eq!(c.phone.as_deref(), Some("（0531）12345678"));
    }

    #[test]
    fn publication_date_without_signature_is_the_last_line_only() {
        let doc = Document::from_text("正文2024年1月5日发布。\n\n2024年1月30日\n\n");
        assert_eq!(publication_date(&doc, &[]), Date::new(2024, 1, 30));
        let doc = Document::from_text("2024年1月30日\n正文。\n");
        assert_eq!(publication_date(&doc, &[]), None);
    }
}
