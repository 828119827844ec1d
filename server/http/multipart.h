#pragma once

#include <optional>
#include <string>
#include <vector>

#include <QByteArray>

#include "core/util/error.h"

namespace pw::server {

// One part of a multipart/form-data body (RFC 7578): a field, or a file with its file name.
struct FormPart
{
    std::string name;
    std::optional<std::string> filename;
    std::string contentType;
    std::string data;
};

bool isMultipartFormData(const QByteArray &contentType);

// The parts of a multipart/form-data body; a clear `invalid` error for a missing boundary, a
// part without Content-Disposition, or a body that ends before its closing delimiter.
core::Result<std::vector<FormPart>> parseMultipart(const QByteArray &contentType,
                                                   const QByteArray &body);

} // namespace pw::server
