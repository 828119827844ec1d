#include "knownhostsfile.h"

#include <QByteArray>

namespace pw::core {

namespace {

std::vector<std::string_view> fields(std::string_view line)
{
    std::vector<std::string_view> out;
    size_t at = 0;
    while (at < line.size()) {
        while (at < line.size() && (line[at] == ' ' || line[at] == '\t'))
            ++at;
        const size_t start = at;
        while (at < line.size() && line[at] != ' ' && line[at] != '\t')
            ++at;
        if (at > start)
            out.push_back(line.substr(start, at - start));
    }
    return out;
}

} // namespace

KnownHostsFile parseKnownHosts(std::string_view text, const std::string &origin)
{
    KnownHostsFile out;
    int number = 0;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++number;
        if (line.ends_with('\r'))
            line.remove_suffix(1);
        std::vector<std::string_view> f = fields(line);
        if (f.empty() || f.front().starts_with('#'))
            continue;
        const std::string where = "line " + std::to_string(number) + ": ";
        HostKeyRule rule;
        rule.origin = origin;
        rule.fromOperator = true;
        rule.line = number;
        if (f.front().starts_with('@')) {
            if (f.front() == "@revoked") {
                rule.kind = HostKeyRule::Kind::Revoked;
            } else if (f.front() == "@cert-authority") {
                out.notes.push_back(where +
                                    "@cert-authority is not supported (libgit2 hands over no "
                                    "host certificates); skipped");
                continue;
            } else {
                out.notes.push_back(where + "unknown marker " + std::string(f.front()) +
                                    "; skipped");
                continue;
            }
            f.erase(f.begin());
        }
        if (f.size() < 3) {
            out.notes.push_back(where + "expected hosts, a key type and a base64 key; skipped");
            continue;
        }
        const auto decoded =
            QByteArray::fromBase64Encoding(QByteArray(f[2].data(), qsizetype(f[2].size())),
                                           QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || decoded.decoded.isEmpty()) {
            out.notes.push_back(where + "the key is not base64; skipped");
            continue;
        }
        auto key = hostKeyOfBlob({}, 22, decoded.decoded.toStdString());
        if (!key || key->type != f[1]) {
            out.notes.push_back(where + "the key is not a " + std::string(f[1]) + " key; skipped");
            continue;
        }
        rule.hosts = HostPatterns::openSsh(std::string(f[0]));
        rule.type = key->type;
        rule.blob = std::move(key->blob);
        rule.sha256 = std::move(key->sha256);
        out.rules.push_back(std::move(rule));
    }
    return out;
}

} // namespace pw::core
