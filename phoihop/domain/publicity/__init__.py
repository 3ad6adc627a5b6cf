"""Public information on case results (thông tin về kết quả xử lý) and the register of
false or distorted claims (thông tin sai sự thật, luận điệu xuyên tạc): the rules,
free of any framework."""
