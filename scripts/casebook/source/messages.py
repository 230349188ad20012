"""What Casebook tells a contributor, in Chinese (the language of the template and the guide) or English.

Every message is written in the code as an English template with named fields, and
`say` looks it up here. `CASEBOOK_LANG=en` (or `casebook --lang en`) keeps the English. A
template missing from the catalogue is said in English rather than not at all.
"""

from __future__ import annotations

import os

#: The environment variable that picks the language: `zh` (default) or `en`.
LANG_ENV = "CASEBOOK_LANG"


def language() -> str:
    """The language messages are said in now: 'zh' or 'en'."""
    return "en" if os.environ.get(LANG_ENV, "zh").strip().lower().startswith("en") else "zh"


def say(template: str, **values: object) -> str:
    """The message `template` in the chosen language, with `values` filled in."""
    text = _ZH.get(template, template) if language() == "zh" else template
    return text.format(**values)


_ZH: dict[str, str] = {
    # The teaching notices (check/editorial.py).
    "the narrator is the article's author (「作者」「作者的团队」), never 我们, 我司 or 我方": (
        "叙述者是文章作者（「作者」「作者的团队」），不写「我们」「我司」「我方」"
    ),
    "a case that mentions hospitality or gifts says to follow the company's compliance rules (合规)": (
        "讲到请客、公关或送礼的案例，要提醒读者遵守公司的合规规定（合规）"
    ),
    "a case that mentions force majeure sends the reader to their contract and legal team (法务) in 'analysis'": (
        "讲到不可抗力的案例，要在 'analysis' 里让读者去找合同和法务团队（法务）"
    ),
    "industry background says what it is in 'context' (性质: not a project of the author's team)": (
        "行业背景要在 'context' 里写明性质（性质：不是作者团队经手的项目）"
    ),
    "'role' puts the reader in the story: start it with 你": "'role' 把读者放进故事里：以「你」开头",
    "a decision point unfolds into what the article says followed: add 'cause', 'response', 'countermeasure' or 'outcome'": (
        "决策点之后要接上文章说的后续：写上 'cause'、'response'、'countermeasure' 或 'outcome'"
    ),
    "'source' does not say where in the article this is ('section'): a reader who checks the article finds it": (
        "'source' 没写出自文章哪一部分（'section'）：写上，读者去查原文时才找得到"
    ),
    "ask at least {count} discussion questions ('discussion'), one of them on the real trade-off": (
        "讨论题（'discussion'）至少写 {count} 道，其中一道直面真正的取舍"
    ),
    "'{old}' is the old id of '{new}': link cases/{new}.md": "'{old}' 是 '{new}' 的旧 id：请链接 cases/{new}.md",
    "link to unknown case 'cases/{id}.md'{hint}": "链接到不存在的案例 'cases/{id}.md'{hint}",
    "industry background ('kind: background') has no decision point: remove 'decision', or 'kind'": (
        "行业背景（'kind: background'）没有决策点：删掉 'decision'，或者删掉 'kind'"
    ),
    # The thesaurus rule (check/thesaurus_use.py).
    "no word of this synonym group appears in any case, the glossary or the taxonomy: add a word the pages use, or remove it": (
        "这组同义词没有一个词出现在案例、术语表或分类里：加一个页面上用的词，或者删掉这一组"
    ),
    # The English layer (translation.py, load.py, cli.py).
    "'en' is missing '{name}': the Chinese has '{zh}', so the English needs it too": "'en' 缺少 '{name}'：中文有 '{zh}'，英文也要有",
    "'en.{name}' translates '{zh}', which the Chinese does not have; remove it": "'en.{name}' 对应的中文 '{zh}' 不存在；请删掉它",
    "'en.{name}' has {en} item(s) and the Chinese '{zh_name}' has {zh}: translate item by item": (
        "'en.{name}' 有 {en} 项，中文 '{zh_name}' 有 {zh} 项：请逐项翻译"
    ),
    "'en.{name}' does not record which Chinese it was translated from; once it matches the Chinese '{zh}', run {fix}": (
        "'en.{name}' 没有记下它译自哪版中文；确认它与中文 '{zh}' 一致后，运行 {fix}"
    ),
    "the Chinese '{zh}' has changed since 'en.{name}' was translated from it ({old}, now {new}); until the English is updated,"
    " the English page shows the Chinese with a notice. To update it, edit 'en.{name}', then run {fix}": (
        "中文 '{zh}' 在翻译成 'en.{name}' 之后改过了（原 {old}，现 {new}）；英文更新之前，英文版页面显示中文原文并加提示。"
        "要更新：改好 'en.{name}'，再运行 {fix}"
    ),
    "no English yet ('en'): the English edition shows this case as in Chinese only; to translate it, add an 'en:' block, then run {fix}": (
        "还没有英文（'en'）：英文版把这个案例标为只有中文版；要翻译，加上 'en:' 部分，再运行 {fix}"
    ),
    "'{from_}' names '{name}', which has no English here; remove it": "'{from_}' 里的 '{name}' 没有对应的英文；请删掉",
    "'{field}' must be eight hex digits, as casebook translated writes it": "'{field}' 必须是 casebook translated 写下的 8 位十六进制数",
    "'{field}' should be quoted (\"{value}\"), as casebook translated writes it": (
        "'{field}' 应加引号（\"{value}\"），和 casebook translated 写的一样"
    ),
    "in '{field}': Chinese characters in English text ('{text}'); the English edition's readers do not read Chinese: translate it": (
        "'{field}' 中：英文里有中文（'{text}'）；英文版的读者不读中文，请译成英文"
    ),
    "each item of '{field}' is a mapping with 'when' and 'message', got {got}": "'{field}' 的每一项都要有 'when' 和 'message'，这里是{got}",
    "'{field}' must be true or false": "'{field}' 只能是 true 或 false",
    "{path} is not a case or taxonomy file": "{path} 不是案例文件或分类文件",
    "unknown English field '{name}'{hint}": "没有 '{name}' 这个英文字段{hint}",
    "{path}: recorded": "{path}：已记下",
    "{path}: already up to date": "{path}：已是最新",
    # How a YAML value reads to a contributor (nodes.describe).
    "a number": "数字",
    "true/false": "true/false",
    "nothing": "空值",
    "a date": "日期",
    "a list": "列表",
    "a mapping (key: value)": "映射（键: 值）",
    "text": "文本",
    "a value tagged {tag}": "带 {tag} 标签的值",
    "a case file": "案例文件",
    " (put it in quotes)": "（请加引号）",
    " (did you mean {options}?)": "（是不是 {options}？）",
    " or ": " 或 ",
    # Typed reads (nodes.NodeReader).
    "{what} keys must be plain names, not {got}": "{what}的键必须是普通名称，不能是{got}",
    "'{key}' appears twice in {what} (first at line {line})": "'{key}' 在{what}里出现了两次（第一次在第 {line} 行）",
    "'{field}' must be text, got {got}{hint}": "'{field}' 必须是文本，这里是{got}{hint}",
    "'{field}' is empty": "'{field}' 是空的",
    "'{field}' must be a single line": "'{field}' 只能写一行",
    "'{field}' value '{value}' is not a valid id: use lower-case letters, digits and single '-'": (
        "'{field}' 的值 '{value}' 不是有效的 id：只能用小写字母、数字和单个 '-'"
    ),
    "unknown {field} '{value}'{hint}": "未知的 {field} '{value}'{hint}",
    "'{field}' must be a list (lines starting with '- '), got {got}": "'{field}' 必须是列表（每行以 '- ' 开头），这里是{got}",
    "'{field}' needs at least {count} item{plural}": "'{field}' 至少要有 {count} 项",
    "'{value}' is listed twice in '{field}'": "'{value}' 在 '{field}' 里列了两次",
    "'{field}' must be a mapping of 'key: value' lines, got {got}": "'{field}' 必须是「键: 值」各占一行的映射，这里是{got}",
    "'{field}' must be a date written YYYY-MM-DD": "'{field}' 必须是 YYYY-MM-DD 格式的日期",
    "unknown field '{name}' in {what}{hint}": "{what}里没有 '{name}' 这个字段{hint}",
    # Field kinds (fields.py).
    "'{field}' must be a mapping of 'key: value' lines ({names}), got {got}": (
        "'{field}' 必须是「键: 值」各占一行的映射（{names}），这里是{got}"
    ),
    "'{field}' is missing '{part}' ({description})": "'{field}' 缺少 '{part}'（{description}）",
    "'{field}' must be a web address starting with http:// or https://, not '{value}' (spaces, quotes, <, >, ( and ) must be %-encoded)": (
        "'{field}' 必须是以 http:// 或 https:// 开头的网址，而不是 '{value}'（空格、引号、<、>、( 和 ) 要写成 % 编码）"
    ),
    "'{field}' still says TODO: fill it in": "'{field}' 还是 TODO：请填写",
    # Case files (load.py).
    "in '{field}': {message}": "'{field}' 中：{message}",
    "still says TODO: fill it in": "还是 TODO：请填写",
    "{message}; remove it or allow it in 'confidentiality_exceptions'": (
        "{message}；请删除，或经审阅后在 'confidentiality_exceptions' 里放行"
    ),
    "{message} (allowed: {reason})": "{message}（已放行：{reason}）",
    "last reviewed {date}, over two years ago: re-check the facts and update 'reviewed'": (
        "上次审阅是 {date}，已超过两年：请核对事实并更新 'reviewed'"
    ),
    "'{raw}' is not a case reference: write [[case-id]] with a valid id": "'{raw}' 不是案例引用：请写成 [[案例-id]]，id 要有效",
    "missing required field '{name}' ({description})": "缺少必填字段 '{name}'（{description}）",
    "a case with 'decision' needs 'role' ({description})": "有 'decision' 的案例必须写 'role'（{description}）",
    "id '{id}' differs from the file name; rename the file to {id}.yml or set id: {stem}": (
        "id '{id}' 与文件名不同；把文件改名为 {id}.yml，或改成 id: {stem}"
    ),
    "file is empty (or only comments); a case needs at least: {required}": "文件是空的（或只有注释）；案例至少需要：{required}",
    "a case file must be a mapping of 'field: value' lines, got {got}": "案例文件必须是「字段: 值」各占一行的映射，这里是{got}",
    "file name '{name}' is not a valid case id: use lower-case letters, digits and single '-'": (
        "文件名 '{name}' 不是有效的案例 id：只能用小写字母、数字和单个 '-'"
    ),
    "a case cannot list itself in 'related' ('{id}')": "案例不能在 'related' 里列出自己（'{id}'）",
    "unknown case '{id}' in 'related'{hint}": "'related' 里的案例 '{id}' 不存在{hint}",
    "unknown case '[[{id}]]'{hint}": "案例 '[[{id}]]' 不存在{hint}",
    "'{old}' in 'moved_from' is the id of {path}: an old id must not name a case that exists": (
        "'moved_from' 里的 '{old}' 是 {path} 的 id：旧 id 不能是现有案例的 id"
    ),
    "'{old}' in 'moved_from' is already claimed by {path}": "'moved_from' 里的 '{old}' 已经被 {path} 用作旧 id",
    "{count} reference(s) to '{id}' in other cases wait on it": "其他案例里有 {count} 处引用 '{id}'，在等这个文件改好",
    "every case's '{fields}' waits on it": "所有案例的 '{fields}' 都在等这个文件改好才能检查",
    "{place}says what '{case}' tells only after its decision ('{where}': '{sentence}'): a reader meets it first here;"
    " say it after the decision, or not at all": (
        "{place}说出了 '{case}' 在决策点之后才讲的内容（'{where}'：'{sentence}'）：读者会先在这里读到它；请放到决策点之后，或者不写"
    ),
    "this list comes straight after a line of text, so it shows as part of that paragraph: add an empty line before it": (
        "这个列表紧接在一行文字后面，页面上会和那一段连成一段：在列表前加一个空行"
    ),
    "a save is waiting: {count} pages are left for the build after it": "又有保存在等：{count} 个页面留到下一次构建",
    "'{written}' is the old id of '{new}', which it links to; write the new id": (
        "'{written}' 是 '{new}' 改名前的 id，链接会指向它；请改写成新 id"
    ),
    "case files end in .yml; rename to {stem}.yml": "案例文件以 .yml 结尾；请改名为 {stem}.yml",
    "id '{id}' is already used by {path}": "id '{id}' 已被 {path} 使用",
    "{count} error{plural} in case files": "案例文件中有 {count} 个错误",
    # Editorial notices (editorial.py).
    "not on the newcomer path ({path}): link it from a step if every newcomer should read it": (
        "不在新人学习路径（{path}）上：如果每个新人都该读，就在某一步里链接它"
    ),
    "'decision' should end in the question the reader answers (？)": "'decision' 应以读者要回答的问题结尾（？）",
    "Chinese quoted with “”: write {quoted}": "中文引语用了 “”：写成 {quoted}",
    # The command line (cli.py, scaffold.py).
    "no such file: {path}": "没有这个文件：{path}",
    "{count} error{plural}": "{count} 个错误",
    "ok: {count} cases": "通过：{count} 个案例",
    "cases/{id}.yml already exists": "cases/{id}.yml 已经存在",
    "wrote cases/{id}.yml; fill in every TODO, then run: {command}": "已写入 cases/{id}.yml；把每个 TODO 换成内容，然后运行：{command}",
    "'{id}' is not a valid case id: use lower-case letters, digits and single '-' (e.g. late-parts-airfreight)": (
        "'{id}' 不是有效的案例 id：只能用小写字母、数字和单个 '-'（例如 late-parts-airfreight）"
    ),
    "cases/{id}.yml already exists; choose another id or edit that file": "cases/{id}.yml 已经存在；换一个 id，或直接编辑那个文件",
    "{address} is busy ({reason}): stop the other server, or run make serve PORT={port}": (
        "{address} 已被占用（{reason}）：先停掉另一个服务，或运行 make serve PORT={port}"
    ),
    # Reading files (yamlsource.py).
    "YAML aliases (*name) are not allowed in case files; write the value out": "案例文件里不能用 YAML 别名（*name）；请把值直接写出来",
    "lists and mappings are nested more than {depth} levels deep; a case needs only a few": (
        "列表和映射嵌套超过 {depth} 层；案例只需要几层"
    ),
    "file is {size} KiB; case files are limited to {limit} KiB": "文件有 {size} KiB；案例文件最大 {limit} KiB",
    "the file is not UTF-8; it looks like GBK/GB18030, which Chinese Windows editors write."
    " Re-save it as UTF-8 (Notepad: 另存为 → 编码 UTF-8;"
    " VS Code: click the encoding in the status bar → Save with Encoding → UTF-8)": (
        "文件不是 UTF-8 编码，看起来是中文 Windows 编辑器保存的 GBK/GB18030。"
        "请另存为 UTF-8（记事本：另存为 → 编码 UTF-8；VS Code：点状态栏里的编码 → 通过编码保存 → UTF-8）"
    ),
    "the file is not UTF-8; re-save it as UTF-8": "文件不是 UTF-8 编码；请另存为 UTF-8",
    "control character U+{code} is not allowed; delete it": "不允许控制字符 U+{code}，请删除",
    "invisible character U+{code} is not allowed; delete it": "不允许不可见字符 U+{code}，请删除",
    "a tab is used for indentation; YAML needs spaces": "用了 Tab 缩进；YAML 只能用空格缩进",
    "YAML syntax error: {problem}": "YAML 语法错误：{problem}",
    "YAML error: {problem}": "YAML 错误：{problem}",
    "cannot read file: {reason}": "无法读取文件：{reason}",
    # The taxonomy (taxonomy.py).
    "{what} is empty": "{what} 是空的",
    "{what} must be a list of entries, got {got}": "{what} 必须是条目列表，这里是{got}",
    "each entry of {what} must be a mapping, got {got}": "{what} 的每个条目都必须是映射，这里是{got}",
    "entry in {file} is missing '{key}'": "{file} 里的条目缺少 '{key}'",
    "id '{id}' is already used at line {line}": "id '{id}' 已在第 {line} 行用过",
    "'{id}' lists itself in 'related'": "'{id}' 在 'related' 里列出了自己",
    "'{id}' lists unknown id '{other}' in 'related'": "'{id}' 在 'related' 里列出了不存在的 id '{other}'",
    "a glossary entry needs 'term' and 'explanation'": "术语表条目需要 'term' 和 'explanation'",
    # Content checks (markup.py, lint.py).
    "raw HTML ('{html}') is not allowed in case text; use Markdown, or write ＜ (full-width) or &lt; to show a '<'": (
        "案例文本里不能写原始 HTML（'{html}'）；请用 Markdown，要显示 '<' 请写全角 ＜ 或 &lt;"
    ),
    "link target '{url}' is not allowed; links must start with http://, https:// or mailto:": (
        "不允许链接到 '{url}'；链接只能以 http://、https:// 或 mailto: 开头"
    ),
    "attribute list ('{attrs}') is not allowed in case text: the build turns it into HTML attributes;"
    " write ｛ ｝ (full-width) to show braces": (
        "案例文本里不能写属性列表（'{attrs}'）：构建会把它变成 HTML 属性；要显示花括号请写全角 ｛ ｝"
    ),
    "the include marker '--8<--' is not allowed in case text": "案例文本里不能写插入标记 '--8<--'",
    "looks like {what} ('{text}')": "看起来像{what}（'{text}'）",
    "an e-mail address": "电子邮件地址",
    "an ID number": "身份证号",
    "a phone number": "电话号码",
    "an exact amount of money": "精确金额",
    "'{term}' is on the deny-list in cases/taxonomy/{file}": "'{term}' 在 cases/taxonomy/{file} 的禁用名单上",
    # Copying from the source articles (provenance.py, `casebook check --sources`).
    "{count} Chinese characters copied from a source article: '{run}'; say it in your own words, or quote a short phrase in 「」": (
        "与出处文章连续相同的 {count} 个汉字：'{run}'；请用自己的话写，或只引用短语并放进「」"
    ),
    "--sources needs a folder of article texts: {path}": "--sources 需要一个放着文章文本的文件夹：{path}",
}
