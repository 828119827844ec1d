-- Contracts renewing between the run's date and 90 days later.
SELECT account_id, contract_id, renewal_date, arr
FROM renewals
WHERE renewal_date BETWEEN '{{ ds }}' AND '{{ macros.ds_add(ds, 90) }}'
