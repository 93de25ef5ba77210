#include "ops/quarantine/quarantine_notice.hpp"

#include <string_view>

namespace fk::ops {
namespace {

// "2020-02-03" -> "2020年02月03日"
std::string ChineseDate(const std::string& date) {
  if (date.size() != 10) return EscapeHtml(date);
  return date.substr(0, 4) + "年" + date.substr(5, 2) + "月" + date.substr(8, 2) + "日";
}

}  // namespace

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string QuarantineNoticeHtml(const NoticeFields& n) {
  const std::string place = n.at_home
                                ? "居家（" + EscapeHtml(n.address) + "）"
                                : "集中隔离点 " + EscapeHtml(n.site) +
                                      (n.room.empty() ? "" : " " + EscapeHtml(n.room) + " 房间");
  std::string html = R"(<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>隔离医学观察告知书</title>
<style>
@page { size: A4; margin: 20mm; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif; font-size: 12pt;
  line-height: 1.8; color: #000; max-width: 170mm; margin: 0 auto; }
h1 { text-align: center; font-size: 20pt; letter-spacing: 0.3em; margin: 0 0 8mm; }
.no { text-align: right; }
table { border-collapse: collapse; width: 100%; margin: 4mm 0; }
th, td { border: 1px solid #000; padding: 2mm 3mm; text-align: left; vertical-align: top; }
th { width: 30%; font-weight: normal; }
ol { padding-left: 6mm; }
.sign { margin-top: 12mm; text-align: right; }
@media print { .no-print { display: none; } }
</style>
</head>
<body>
<h1>隔离医学观察告知书</h1>
<p class="no">编号：)";
  html += std::to_string(n.order_id);
  html += R"(</p>
<p><strong>)" +
          EscapeHtml(n.name) + R"(</strong> 同志及家属：</p>
<p>根据《中华人民共和国传染病防治法》和新型冠状病毒肺炎疫情防控的有关规定，经流行病学调查，您为需要进行隔离医学观察的人员。为保障您和家人及他人的健康，现对您实施隔离医学观察，请予以配合。</p>
<table>
<tr><th>姓名</th><td>)" +
          EscapeHtml(n.name) + R"(</td></tr>
<tr><th>隔离方式及地点</th><td>)" +
          place + R"(</td></tr>
<tr><th>所属网格</th><td>)" +
          EscapeHtml(n.grid) + R"(</td></tr>
<tr><th>末次接触日期（起算日）</th><td>)" +
          ChineseDate(n.start_date) + R"(</td></tr>
<tr><th>观察期限</th><td>)" +
          std::to_string(n.days) + R"( 天，至 )" + ChineseDate(n.end_date) +
          R"( 起经核酸检测阴性后解除</td></tr>
</table>
<p>隔离医学观察期间，请您：</p>
<ol>
<li>不外出，不接待来访；如需就医，请先联系网格员或医务人员，由专人安排。</li>
<li>每天早晚各测量一次体温，如实告知网格员或医务人员体温和身体状况。</li>
<li>如出现发热（体温≥37.3℃）、干咳、乏力、咽痛、腹泻等症状，立即报告。</li>
<li>居家隔离者单独居住一个房间，尽量减少与同住人员接触；保持通风，做好个人防护和手卫生。</li>
<li>观察期满且核酸检测阴性，由社区（隔离点）出具解除隔离医学观察的通知。</li>
</ol>
<p>感谢您的理解与配合！</p>
<p class="sign">社区疫情防控工作组<br>)" +
          ChineseDate(n.issued_on) + R"(</p>
</body>
</html>
)";
  return html;
}

}  // namespace fk::ops
