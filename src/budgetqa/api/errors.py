"""One JSON error shape for every API failure: ``{"error": {"code": …, "message": …}}``."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ..errors import BudgetQAError

# HTTP status of each BudgetQAError code the Assistant can raise while answering; others are the caller's input.
STATUS_OF_CODE = {"index_error": 503, "model_unavailable": 503, "setting_error": 500, "answer_timeout": 503}
HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}


class ApiError(Exception):
    """An error the API reports to the caller as is."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    @classmethod
    def from_budgetqa(cls, exc: BudgetQAError) -> "ApiError":
        return cls(STATUS_OF_CODE.get(exc.code, 400), exc.code, str(exc))


def error_response(status: int, code: str, message: str) -> JSONResponse:
    # A message may quote the caller's input; whatever it holds (lone surrogates), the body must encode.
    message = message.encode("utf-8", "backslashreplace").decode("utf-8")
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def install(app: FastAPI) -> None:
    """Route every error of ``app`` through the one shape."""

    @app.exception_handler(ApiError)
    async def _api(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return error_response(
                400,
                "bad_json",
                "the request body is not valid JSON; send e.g. "
                '{"question": "出差花了多少钱？"} with Content-Type: application/json',
            )
        return error_response(422, "invalid_request", "; ".join(_describe(e) for e in errors))

    @app.exception_handler(HTTPException)
    async def _http(_request: Request, exc: HTTPException) -> JSONResponse:
        return error_response(exc.status_code, HTTP_CODES.get(exc.status_code, "http_error"), str(exc.detail))

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        return error_response(500, "internal_error", f"internal error ({type(exc).__name__}); see the server log")


def _describe(error: dict) -> str:
    where = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
    if not where:  # the body as a whole: missing, not an object, or not sent as JSON
        return (
            f"{error.get('msg', 'invalid body')}: send a JSON object such as "
            '{"question": "出差花了多少钱？"} with Content-Type: application/json'
        )
    return f"{where}: {error.get('msg', 'invalid')}"
