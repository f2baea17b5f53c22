import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ErrorCode, type FieldError } from '@wharf/contracts';
import { ProblemException } from './problem.exception';

/** Flattens class-validator's nested errors into dotted field paths. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) {
      out.push({ field, messages: Object.values(e.constraints) });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

export function validationProblem(errors: FieldError[]): ProblemException {
  return new ProblemException({
    status: 400,
    code: ErrorCode.VALIDATION_FAILED,
    title: 'Bad Request',
    detail: `Invalid ${errors.map((e) => e.field).join(', ') || 'input'}.`,
    errors,
  });
}

/** Global pipe: strips nothing silently — unknown fields are an error, types are converted explicitly. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationProblem(flattenValidationErrors(errors)),
  });
}
